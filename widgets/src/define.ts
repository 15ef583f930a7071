/** Defines a custom element once, so that loading the bundle twice on a page does not throw. */
export function define(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}
