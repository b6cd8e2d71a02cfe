import type { JSX } from 'solid-js';
import { ga } from './router.ts';

/** A link to a page of the viewer: followed without reloading, unless opened in a new tab. */
export function Link(props: { href: string; class?: string; children: JSX.Element; 'aria-current'?: 'page' | undefined }) {
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props['aria-current']}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        ga(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
