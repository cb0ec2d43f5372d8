/** What a token may do: read runs, start them, answer human tasks, or everything (admin). */
/** `drafts:approve` lets a token approve generated workflow drafts; `admin` implies every scope. */
export type Scope = 'read' | 'start' | 'answer' | 'admin' | 'drafts:approve';

/** Who the server thinks a connection or a request is (the stream's welcome, GET /v1/whoami). */
export interface PrincipalInfo {
  readonly name: string;
  readonly scopes: readonly Scope[];
  /** Present when the token may only see these conversations. */
  readonly conversationIds?: readonly string[];
}
