import { useState } from 'preact/hooks';
import type { HumanAnswer, JsonSchema } from '@troupe/sdk';
import type { HumanRequest } from '../model/RunModel.js';
import { formOfSchema, valueOfForm, type FormValues } from '../model/schemaForm.js';
import type { Session } from '../session.js';
import { ErrorBox } from './ErrorBox.js';

interface HumanTaskFormProps {
  readonly session: Session;
  readonly runId: string;
  readonly taskId: string;
  readonly request: HumanRequest;
  readonly inputSchema: JsonSchema | undefined;
}

/** Approve/reject with a comment, or an input form generated from the task's JSON Schema. */
export function HumanTaskForm({ session, runId, taskId, request, inputSchema }: HumanTaskFormProps) {
  const [comment, setComment] = useState('');
  const [values, setValues] = useState<FormValues>({});
  const [json, setJson] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const fields = request.mode === 'input' ? formOfSchema(inputSchema) : undefined;

  const send = async (answer: HumanAnswer): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await session.client.rest.answer(runId, taskId, answer);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const submitInput = (event: Event): void => {
    event.preventDefault();
    if (fields) {
      const result = valueOfForm(fields, values);
      if ('problems' in result) setError({ code: 'E_ANSWER_INVALID', message: result.problems.join('; '), hint: 'Fill in the marked fields.' });
      else void send({ value: result.value });
      return;
    }
    try {
      void send({ value: JSON.parse(json) as unknown });
    } catch {
      setError({ code: 'E_ANSWER_INVALID', message: 'The answer is not valid JSON.', hint: 'Write a JSON value.' });
    }
  };
  const set = (name: string, value: string | boolean): void => setValues((current) => ({ ...current, [name]: value }));

  return (
    <div class="human" aria-label="Answer this task">
      <h3>Waiting for a human</h3>
      {request.prompt ? <p class="prompt">{request.prompt}</p> : null}
      {request.assignee ? <p class="muted">Assigned to {request.assignee}</p> : null}
      {request.mode === 'approval' ? (
        <form onSubmit={(event) => event.preventDefault()}>
          <label class="block">
            Comment (optional)
            <textarea name="comment" rows={2} value={comment} onInput={(event) => setComment((event.currentTarget as HTMLTextAreaElement).value)} />
          </label>
          <div class="actions">
            <button type="button" class="approve" disabled={busy} onClick={() => void send({ approved: true, ...(comment ? { comment } : {}) })}>
              Approve
            </button>
            <button type="button" class="reject" disabled={busy} onClick={() => void send({ approved: false, ...(comment ? { comment } : {}) })}>
              Reject
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={submitInput} noValidate>
          {fields ? (
            fields.map((field) => {
              const id = `field-${taskId}-${field.name}`;
              const text = typeof values[field.name] === 'string' ? (values[field.name] as string) : '';
              return (
                <div class="field" key={field.name}>
                  <label for={id}>
                    {field.label}
                    {field.required ? ' *' : ''}
                  </label>
                  {field.kind === 'boolean' ? (
                    <input id={id} type="checkbox" checked={values[field.name] === true} onChange={(event) => set(field.name, (event.currentTarget as HTMLInputElement).checked)} />
                  ) : field.kind === 'enum' ? (
                    <select id={id} value={text} required={field.required} onChange={(event) => set(field.name, (event.currentTarget as HTMLSelectElement).value)}>
                      <option value="">—</option>
                      {field.options!.map((option) => (
                        <option value={option}>{option}</option>
                      ))}
                    </select>
                  ) : field.kind === 'json' ? (
                    <textarea id={id} rows={2} value={text} onInput={(event) => set(field.name, (event.currentTarget as HTMLTextAreaElement).value)} />
                  ) : field.kind === 'string' ? (
                    <input id={id} type="text" required={field.required} value={text} onInput={(event) => set(field.name, (event.currentTarget as HTMLInputElement).value)} />
                  ) : (
                    <input
                      id={id}
                      type="number"
                      step={field.kind === 'integer' ? 1 : 'any'}
                      required={field.required}
                      value={text}
                      onInput={(event) => set(field.name, (event.currentTarget as HTMLInputElement).value)}
                    />
                  )}
                  {field.description ? <div class="muted small">{field.description}</div> : null}
                </div>
              );
            })
          ) : (
            <label class="block">
              Answer (JSON)
              <textarea name="answer" rows={3} value={json} onInput={(event) => setJson((event.currentTarget as HTMLTextAreaElement).value)} />
            </label>
          )}
          <button type="submit" disabled={busy}>
            Send answer
          </button>
        </form>
      )}
      {error ? <ErrorBox error={error} /> : null}
    </div>
  );
}
