import { Link } from '../app/Link.tsx';

/** The first page: the three things the loket is for. */
export function Landing() {
  return (
    <div class="pagina">
      <h1 tabindex="-1">Omgevingsloket</h1>
      <p class="inleiding">Wilt u bouwen, verbouwen, een boom kappen of een evenement organiseren? Hier ziet u welke regels gelden op uw plek, en of u een vergunning nodig hebt.</p>
      <ul class="functies">
        <li class="functie">
          <h2><Link href="/kaart">Regels op de kaart</Link></h2>
          <p>Kies een plek op de kaart en lees welke regels daar gelden: van het Rijk, de provincie, het waterschap en de gemeente. Ook zoals ze vroeger golden, of straks gaan gelden.</p>
        </li>
        <li class="functie">
          <h2><Link href="/vergunningcheck">Vergunningcheck</Link></h2>
          <p>Beantwoord een paar vragen en zie of u een vergunning nodig hebt of een melding moet doen.</p>
        </li>
        <li class="functie">
          <h2><Link href="/aanvragen">Aanvragen</Link> <span class="label">Binnenkort</span></h2>
          <p>Vraag een vergunning aan of doe een melding. Wij sturen uw aanvraag naar de juiste overheid.</p>
        </li>
      </ul>
    </div>
  );
}
