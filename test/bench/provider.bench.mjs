// Provider overhead per model call: a one-seat workflow on the OpenAI-compatible
// pack against a local server that answers at once (a short streamed reply with
// usage), compared with the baseline of the same HTTP request made with plain
// fetch and its stream read to the end, in the same process and rounds.
// A middle line measures the pack's provider alone (generate, no engine).
import { createOpenAICompatibleProvider } from '@troupe/pack-openai-compatible';
import { DescriptorRegistry, HostSecrets, MemoryStore, WorkflowEngine } from '@troupe/runtime';
import { definePersona, defineWorkflow } from '@troupe/sdk';
import { startFakeOpenAIServer } from '@troupe/testing';
import { silent } from './benchWorkflows.mjs';
import { lowerQuartile, timeUs as time } from './benchTiming.mjs';

const CALLS = 100;
const ROUNDS = 15;

const reply = { chunks: ['Short ', 'answer.'], usage: { promptTokens: 12, completionTokens: 2 } };

export default async function providerBench() {
  const server = await startFakeOpenAIServer({ apiKey: 'sk-bench', respond: () => reply });
  try {
    const provider = createOpenAICompatibleProvider({ baseUrl: server.baseUrl, model: 'bench-1' });
    const persona = definePersona({ id: 'bench-seat', instructions: 'Answer briefly.', providerId: 'openai-compatible' });
    const workflow = defineWorkflow({
      id: 'one-seat',
      version: '1.0.0',
      roles: [{ roleId: 'seat', personaId: 'bench-seat' }],
      tasks: [{ id: 'ask', executor: { type: 'gmi', roleId: 'seat', instructions: 'Say something short.' } }],
    });
    const registry = new DescriptorRegistry();
    registry.register('bench', '1.0.0', [provider, persona, workflow]);
    const secrets = new HostSecrets({ env: {}, values: { 'openai.apiKey': 'sk-bench' } });
    const body = JSON.stringify({
      model: 'bench-1',
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Say something short.' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });

    async function baseline() {
      for (let i = 0; i < CALLS; i++) {
        const response = await fetch(`${server.baseUrl}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
          body,
        });
        await response.text();
      }
    }
    const controller = new AbortController();
    const ctx = {
      runId: 'r',
      taskId: 'ask',
      attempt: 1,
      idempotencyKey: 'r:ask',
      signal: controller.signal,
      secrets: { 'openai.apiKey': 'sk-bench' },
      logger: silent,
      roleId: 'seat',
      personaId: 'bench-seat',
      emit() {},
      callTool: () => Promise.reject(new Error('no tools')),
      recordUsage() {},
    };
    const request = { model: 'bench-1', messages: [{ role: 'system', content: 'Answer briefly.' }, { role: 'user', content: 'Say something short.' }], tools: [], outputFormat: 'text' };
    async function providerOnly() {
      for (let i = 0; i < CALLS; i++) await provider.payload.generate(request, ctx);
    }
    async function engineRuns() {
      const engine = new WorkflowEngine({ descriptors: registry, secrets, store: new MemoryStore(), logger: silent });
      for (let i = 0; i < CALLS; i++) {
        const { runId } = await engine.startWorkflow('one-seat');
        const done = await engine.wait(runId);
        if (done.status !== 'completed') throw new Error(`a bench run ended ${done.status}: ${done.error?.message}`);
      }
      await engine.close?.();
    }

    for (let i = 0; i < 3; i++) {
      await baseline();
      await providerOnly();
      await engineRuns();
    }
    globalThis.gc?.();
    const base = [];
    const alone = [];
    const engine = [];
    // Interleaved, so all three see the same machine load.
    for (let i = 0; i < ROUNDS; i++) {
      base.push(await time(baseline));
      alone.push(await time(providerOnly));
      engine.push(await time(engineRuns));
    }
    const perCall = (values) => lowerQuartile(values) / CALLS;
    const b = perCall(base);
    console.log(`provider benchmark: ${CALLS} sequential model calls per round, local server answering at once (node ${process.version}); lower quartile of ${ROUNDS} rounds`);
    console.log('what                                          µs/call (wall)   ratio to plain fetch');
    console.log(`${'plain fetch + read the SSE body (baseline)'.padEnd(45)} ${b.toFixed(0).padStart(14)}   ${'1.00x'.padStart(20)}`);
    console.log(`${'provider pack alone (generate)'.padEnd(45)} ${perCall(alone).toFixed(0).padStart(14)}   ${`${(perCall(alone) / b).toFixed(2)}x`.padStart(20)}`);
    console.log(`${'engine + provider pack (one-seat run)'.padEnd(45)} ${perCall(engine).toFixed(0).padStart(14)}   ${`${(perCall(engine) / b).toFixed(2)}x`.padStart(20)}`);
  } finally {
    await server.close();
  }
}
