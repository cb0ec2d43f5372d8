import type { Principal } from '../auth/Principal.js';
import type { RunRoute } from './Frame.js';

export type SubscriptionSelector =
  | { readonly kind: 'run'; readonly value: string }
  | { readonly kind: 'conversation'; readonly value: string }
  | { readonly kind: 'definition'; readonly value: string }
  | { readonly kind: 'all' };

/** One subscription of a connection: what it selects and which parts of the telemetry it wants. */
export class Subscription {
  active = true;

  constructor(
    readonly id: string,
    readonly selector: SubscriptionSelector,
    /** undefined: every seat. */
    readonly seats: ReadonlySet<string> | undefined,
    readonly events: boolean,
  ) {}

  /** The hub's index key: runs, conversations and definitions are looked up by key; `*` is every run. */
  get key(): string {
    return subscriptionKey(this.selector);
  }

  matches(route: RunRoute, principal: Principal): boolean {
    if (!this.active) return false;
    const selector = this.selector;
    let selected: boolean;
    switch (selector.kind) {
      case 'run':
        selected = route.runId === selector.value;
        break;
      case 'conversation':
        selected = route.conversationId === selector.value;
        break;
      case 'definition':
        selected = route.definitionId === selector.value;
        break;
      case 'all':
        selected = true;
        break;
    }
    return selected && principal.mayAccessConversation(route.conversationId);
  }

  wantsSeat(roleId: string): boolean {
    return this.seats === undefined || this.seats.has(roleId);
  }
}

export function subscriptionKey(selector: SubscriptionSelector): string {
  switch (selector.kind) {
    case 'run':
      return `r\u0000${selector.value}`;
    case 'conversation':
      return `c\u0000${selector.value}`;
    case 'definition':
      return `d\u0000${selector.value}`;
    case 'all':
      return '*';
  }
}
