import { Link } from '../app/Link.tsx';

/** A function of the loket that is not there yet, clearly said so. */
export function Binnenkort(props: { titel: string; uitleg: string }) {
  return (
    <div class="pagina">
      <h1 tabindex="-1">
        {props.titel} <span class="label">Binnenkort</span>
      </h1>
      <p>{props.uitleg}</p>
      <p>Deze functie is nog niet klaar. U kunt wel al zien welke regels gelden op uw plek.</p>
      <p>
        <Link href="/kaart" class="knop">Naar Regels op de kaart</Link>
      </p>
    </div>
  );
}
