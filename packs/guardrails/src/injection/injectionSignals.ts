/**
 * Phrase signals of prompt injection in content an agent will read. Weights
 * are the probability-like strength of one signal on its own; signals combine
 * as independent evidence (see assessPromptInjection). Patterns run on text
 * normalised with NFKC and stripped of invisible characters, so look-alike
 * letters and zero-width splits do not evade them.
 */
export interface PhraseSignal {
  readonly id: string;
  readonly weight: number;
  readonly pattern: RegExp;
}

const W = '[^\\n]'; // within one line

export const PHRASE_SIGNALS: readonly PhraseSignal[] = [
  {
    id: 'ignore_instructions',
    weight: 0.6,
    pattern: new RegExp(
      String.raw`\b(?:ignore|disregard|forget|override|bypass)\b${W}{0,30}?\b(?:all|any|every|the|your|previous|prior|above|earlier|preceding|original|initial|system)\b${W}{0,30}?\b(?:instructions?|prompts?|rules|directions|guidelines|guardrails|directives|constraints|context)\b`,
      'i',
    ),
  },
  {
    id: 'new_instructions',
    weight: 0.45,
    pattern: /\b(?:new|updated|revised|real|actual|additional|secret|hidden)\s+(?:system\s+)?(?:instructions|directives|system prompt|rules)\s*(?::|follow|are\b)/i,
  },
  {
    id: 'addressed_to_model',
    weight: 0.35,
    pattern:
      /\b(?:attention|important|note|message|instructions?)\s*(?:to|for)\s+(?:the\s+)?(?:ai|assistant|llm|language model|agent|chatbot|model|gpt|claude)\b|\b(?:dear|hey|hi)\s+(?:ai|assistant|llm|agent|chatbot)\b|\bif you are an? (?:ai|assistant|llm|language model|agent)\b/i,
  },
  {
    id: 'role_takeover',
    weight: 0.4,
    pattern:
      /\b(?:you are now|from now on,? you(?: are| will| must)?|pretend (?:to be|you are)|act as (?:an? )?(?:unrestricted|unfiltered|jailbroken|different|evil)|roleplay as|(?:enter|enable|activate) (?:developer|god|dan|jailbreak) mode|do anything now)\b/i,
  },
  {
    id: 'chat_template_marker',
    weight: 0.55,
    pattern:
      /<\|(?:im_start|im_end|system|assistant|user|endoftext|begin_of_text|start_header_id|end_header_id|eot_id)\|>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:system|system_prompt|instructions)>/i,
  },
  {
    // Weaker on its own: "system: linux" is an ordinary line of YAML or logs.
    id: 'role_line',
    weight: 0.25,
    pattern: /(?:^|\n)[ \t]*(?:#{1,4}[ \t]*)?(?:system|assistant|developer)[ \t]*:[ \t]*\S/i,
  },
  {
    id: 'reveal_system_prompt',
    weight: 0.45,
    pattern:
      /\b(?:reveal|print|show|output|repeat|display|leak|dump|tell me|what (?:is|are))\b[^\n]{0,30}?\b(?:your|the)\s+(?:system\s+prompt|initial\s+instructions|hidden\s+instructions|original\s+instructions|instructions\s+above|developer\s+message)\b/i,
  },
  {
    id: 'exfiltration',
    weight: 0.45,
    pattern:
      /\b(?:exfiltrat\w*)\b|\b(?:send|post|upload|forward|leak|transmit|e-?mail|share|copy|paste)\b[^\n]{0,60}?\b(?:secrets?|api[ _-]?keys?|credentials?|passwords?|access[ _-]?tokens?|auth(?:orization)?[ _-]?tokens?|private[ _-]?keys?|env(?:ironment)?[ _-]?var(?:iable)?s|\.env\b|system prompt|conversation history|chat history)\b/i,
  },
  {
    id: 'exfiltration_destination',
    weight: 0.35,
    pattern:
      /\b(?:send|post|upload|forward|transmit|e-?mail|leak)\b[^\n]{0,80}?\b(?:to|at|into)\s+(?:https?:\/\/|[\w.+-]+@[\w-]+\.|this (?:url|address|endpoint|webhook)|the following (?:url|address|endpoint|webhook))/i,
  },
  {
    id: 'markdown_image_exfiltration',
    weight: 0.35,
    // Bounded, and the path excludes "?", so the pattern cannot backtrack badly.
    pattern: /!\[[^\]\n]{0,200}\]\(\s*https?:\/\/[^)\s?]{0,500}\?[^)\s]{0,500}?(?:\{|%7B|\$\(|secret|token|key|password|history|conversation|data=)/i,
  },
];
