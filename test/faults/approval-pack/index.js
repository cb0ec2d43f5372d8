import { appendFileSync } from 'node:fs';

// Side effects go to the file named by $SIDE_EFFECTS, one line per execution: a test counts them.
const effect = (line) => appendFileSync(process.env.SIDE_EFFECTS, `${line}\n`);

export default {
  descriptors: [
    {
      kind: 'tool',
      id: 'send_mail',
      payload: {
        execute: (input, ctx) => {
          effect(`send_mail ${ctx.idempotencyKey} attempt ${ctx.attempt}`);
          return { sent: 3 };
        },
      },
    },
    {
      kind: 'tool',
      id: 'keyed_send',
      payload: {
        requiredSecrets: ['mail.key'],
        execute: (input, ctx) => {
          effect(`keyed_send ${ctx.idempotencyKey} attempt ${ctx.attempt}`);
          return { sent: true, keyed: ctx.secrets['mail.key'] !== undefined };
        },
      },
    },
    {
      kind: 'guardrail',
      id: 'outbound-review',
      payload: { evaluateOutput: () => ({ action: 'require_approval', reasonCode: 'bulk', message: 'mail goes to 3 recipients' }) },
    },
    {
      kind: 'workflow',
      id: 'guarded',
      payload: { definition: { id: 'guarded', version: '1.0.0', tasks: [{ id: 'send', executor: { type: 'tool', toolId: 'send_mail' }, policyTags: ['outbound'] }] } },
    },
    {
      kind: 'workflow',
      id: 'keyed',
      payload: {
        definition: {
          id: 'keyed',
          version: '1.0.0',
          tasks: [
            { id: 'ask', executor: { type: 'human', mode: 'approval', prompt: 'Send it?' } },
            { id: 'mail', dependsOn: ['ask'], executor: { type: 'tool', toolId: 'keyed_send' } },
          ],
        },
      },
    },
  ],
};
