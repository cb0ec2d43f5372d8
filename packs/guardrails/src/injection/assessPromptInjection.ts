import { scanJson } from '../json/scanJson.js';
import { PHRASE_SIGNALS } from './injectionSignals.js';

export interface InjectionSignal {
  /** Stable id, e.g. `ignore_instructions`, `hidden_tag_text`. */
  readonly signal: string;
  readonly weight: number;
  /** The matched phrase (normalised, at most 80 characters) or a description of hidden content. */
  readonly excerpt: string;
}

export interface PromptInjectionAssessment {
  /** 0 (nothing suspicious) … 1; independent signals combine as 1 − Π(1 − weight). */
  readonly score: number;
  /** One entry per signal id, strongest first. */
  readonly signals: readonly InjectionSignal[];
}

// Zero-width and word-joiner characters, a mid-text BOM, the Mongolian vowel
// separator and bidi controls: invisible to a reader, visible to a model.
// U+200D (zero-width joiner) is left out: emoji sequences use it.
const INVISIBLE = /[\u200B\u200C\u2060-\u2064\u180E\u202A-\u202E\u2066-\u2069]|(?<!^)\uFEFF/gu;
// Unicode tag characters spell out ASCII invisibly ("ASCII smuggling"). Their
// one legitimate use, subdivision flags (🏴 + a short lowercase code + cancel
// tag), is taken out first.
const SUBDIVISION_FLAG = /\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,7}\u{E007F}/gu;
const TAG_RUN = /[\u{E0020}-\u{E007F}]+/gu;
const ASCII_ONLY = /^[\u0000-\u007f]*$/;
const HAS_TAG = /[\u{E0020}-\u{E007F}]/u;
const INSTRUCTION_WORDS = /\b(?:ignore|instructions?|assistant|system|prompt|ai|llm|model|agent|must|secret|password|token|send|reveal|exfiltrat\w*)\b/i;

const HIDDEN_SIGNALS = {
  invisible_characters: 0.25,
  hidden_tag_text: 0.6,
  hidden_html_comment: 0.35,
} as const;

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

function decodeTags(run: string): string {
  let out = '';
  for (const char of run) {
    const code = char.codePointAt(0) as number;
    if (code >= 0xe0020 && code <= 0xe007e) out += String.fromCharCode(code - 0xe0000);
  }
  return out;
}

/**
 * The first HTML comment whose text talks to a model. Scans with indexOf so an
 * unterminated "<!--" (which hides the rest of a page) costs one pass.
 */
function findInstructingComment(text: string): string | undefined {
  for (let from = 0; ; ) {
    const open = text.indexOf('<!--', from);
    if (open === -1) return undefined;
    const close = text.indexOf('-->', open + 4);
    const end = close === -1 ? text.length : close + 3;
    if (INSTRUCTION_WORDS.test(text.slice(open + 4, close === -1 ? text.length : close))) return text.slice(open, end);
    if (close === -1) return undefined;
    from = end;
  }
}

function addSignal(found: Map<string, InjectionSignal>, signal: string, weight: number, text: string): void {
  if (!found.has(signal)) found.set(signal, { signal, weight, excerpt: excerpt(text) });
}

/** Collects the signals of one text into `found` (first occurrence of each signal kept). */
function collectSignals(text: string, found: Map<string, InjectionSignal>): void {
  if (text.length < 6) return;
  let visible = text;
  const invisible = text.match(INVISIBLE);
  if (invisible !== null) {
    addSignal(found, 'invisible_characters', HIDDEN_SIGNALS.invisible_characters, `${invisible.length} invisible character(s)`);
    visible = visible.replace(INVISIBLE, '');
  }
  let hidden = '';
  if (HAS_TAG.test(visible)) {
    visible = visible.replace(SUBDIVISION_FLAG, '\u{1F3F4}');
    for (const run of visible.matchAll(TAG_RUN)) hidden += `${decodeTags(run[0])}\n`;
  }
  if (hidden.length > 0) {
    addSignal(found, 'hidden_tag_text', HIDDEN_SIGNALS.hidden_tag_text, `hidden text: ${hidden}`);
    visible = visible.replace(TAG_RUN, '');
  }
  const comment = findInstructingComment(visible);
  if (comment !== undefined) addSignal(found, 'hidden_html_comment', HIDDEN_SIGNALS.hidden_html_comment, comment);
  // NFKC folds full-width and other look-alike letters onto ASCII (pure ASCII is already folded).
  const combined = hidden.length > 0 ? `${visible}\n${hidden}` : visible;
  const normalised = ASCII_ONLY.test(combined) ? combined : combined.normalize('NFKC');
  for (const { id, weight, pattern } of PHRASE_SIGNALS) {
    if (found.has(id)) continue;
    const m = pattern.exec(normalised);
    if (m !== null) addSignal(found, id, weight, m[0]);
  }
}

function toAssessment(found: Map<string, InjectionSignal>): PromptInjectionAssessment {
  const signals = [...found.values()].sort((a, b) => b.weight - a.weight || a.signal.localeCompare(b.signal));
  let clean = 1;
  for (const s of signals) clean *= 1 - s.weight;
  return { score: Math.round((1 - clean) * 1000) / 1000, signals };
}

/** Scores one text for prompt-injection: phrases, chat-template markers, hidden instructions. */
export function assessPromptInjection(text: string): PromptInjectionAssessment {
  const found = new Map<string, InjectionSignal>();
  collectSignals(text, found);
  return toAssessment(found);
}

/**
 * Scores every string value of a JSON payload together: a signal counts once
 * however often it appears. Object keys are scanned too (a model reads them).
 */
export function assessPromptInjectionInJson(payload: unknown, options: { readonly maxDepth?: number } = {}): PromptInjectionAssessment & { readonly incomplete: boolean } {
  const found = new Map<string, InjectionSignal>();
  const { tooDeep } = scanJson(payload, {
    ...(options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth }),
    string: (text) => collectSignals(text, found),
  });
  return { ...toAssessment(found), incomplete: tooDeep };
}
