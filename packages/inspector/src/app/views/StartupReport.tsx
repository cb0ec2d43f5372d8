import { useEffect, useState } from 'preact/hooks';
import type { StartupReport as Report } from '@troupe/sdk';
import type { Session } from '../session.js';
import { ErrorBox } from './ErrorBox.js';
import { StatusBadge } from './StatusBadge.js';

/** What the host loaded: every pack with its version, status, contributions and coded errors. */
export function StartupReport({ session }: { session: Session }) {
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    session.client.rest.packs().then(setReport, setError);
  }, []);
  return (
    <main class="pad">
      <h1>Startup report</h1>
      {error ? <ErrorBox error={error} /> : null}
      {report?.errors?.map((problem) => <ErrorBox title="Host" error={problem} />)}
      {report ? (
        <div class="table-wrap">
          <table aria-label="Packs">
            <thead>
              <tr>
                <th scope="col">Pack</th>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Contributes</th>
                <th scope="col">Errors</th>
              </tr>
            </thead>
            <tbody>
              {report.packs.map((pack) => (
                <tr key={pack.id} data-pack={pack.id}>
                  <td>
                    {pack.id}
                    {pack.source ? <div class="muted small">{pack.source}</div> : null}
                  </td>
                  <td>{pack.version}</td>
                  <td>
                    <StatusBadge status={pack.status} />
                  </td>
                  <td class="small">
                    {pack.descriptors.map((descriptor) => (
                      <div class={descriptor.active ? '' : 'muted'}>
                        {descriptor.kind}:{descriptor.id}
                        {descriptor.active ? '' : ' (shadowed)'}
                      </div>
                    ))}
                  </td>
                  <td>
                    {pack.errors.map((problem) => (
                      <ErrorBox error={problem} />
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </main>
  );
}
