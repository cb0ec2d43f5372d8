import { describe, expect, it } from 'vitest';
import type { CatchUpPolicy } from '@troupe/sdk';
import { compileTriggers, type CompiledCronTrigger, type CompiledRunAtTrigger } from './compileTriggers.js';
import { planFires } from './planFires.js';

const utc = (iso: string): number => Date.parse(iso);
const options = { misfireThresholdMs: 60_000, maxCatchUpFires: 5 };

function hourly(catchUp: CatchUpPolicy): CompiledCronTrigger {
  return compileTriggers([{ workflowId: 'wf', id: 'h', type: 'cron', cron: '0 * * * *', catchUp }], 0).compiled[0] as CompiledCronTrigger;
}

function once(catchUp: CatchUpPolicy): CompiledRunAtTrigger {
  return compileTriggers([{ workflowId: 'wf', id: 'o', type: 'runAt', runAt: '2025-01-01T10:00:00Z', catchUp }], 0).compiled[0] as CompiledRunAtTrigger;
}

describe('planFires for cron triggers', () => {
  const down = { key: 'wf#h', lastFiredAt: utc('2025-01-01T09:00:00Z'), nextFireAt: utc('2025-01-01T10:00:00Z') };
  const back = utc('2025-01-01T13:30:00Z');

  it('plans only the next fire on first registration', () => {
    expect(planFires(hourly('all'), undefined, back, options)).toEqual({ fires: [], next: utc('2025-01-01T14:00:00Z'), truncated: false });
  });

  it('fires on time whatever the policy', () => {
    for (const policy of ['none', 'latest', 'all'] as const) {
      expect(planFires(hourly(policy), down, utc('2025-01-01T10:00:00Z'), options).fires).toEqual([utc('2025-01-01T10:00:00Z')]);
    }
  });

  it('none: skips what was missed', () => {
    expect(planFires(hourly('none'), down, back, options)).toEqual({ fires: [], next: utc('2025-01-01T14:00:00Z'), skippedFrom: down.nextFireAt, truncated: false });
  });

  it('latest: fires the most recent missed fire once', () => {
    expect(planFires(hourly('latest'), down, back, options)).toEqual({ fires: [utc('2025-01-01T13:00:00Z')], next: utc('2025-01-01T14:00:00Z'), skippedFrom: down.nextFireAt, truncated: false });
  });

  it('all: fires each missed fire in order, the latest ones up to the cap', () => {
    expect(planFires(hourly('all'), down, back, options).fires).toEqual(['10', '11', '12', '13'].map((hour) => utc(`2025-01-01T${hour}:00:00Z`)));
    const longDown = planFires(hourly('all'), down, utc('2025-01-02T00:30:00Z'), options);
    expect(longDown.truncated).toBe(true);
    expect(longDown.fires).toEqual(['20', '21', '22', '23'].map((hour) => utc(`2025-01-01T${hour}:00:00Z`)).concat(utc('2025-01-02T00:00:00Z')));
  });
});

describe('planFires for runAt triggers', () => {
  it('waits for a future date, and fires a passed one once', () => {
    expect(planFires(once('latest'), undefined, utc('2025-01-01T09:00:00Z'), options)).toEqual({ fires: [], next: utc('2025-01-01T10:00:00Z'), truncated: false });
    expect(planFires(once('latest'), undefined, utc('2025-01-02T00:00:00Z'), options).fires).toEqual([utc('2025-01-01T10:00:00Z')]);
    expect(planFires(once('all'), { key: 'wf#o', lastFiredAt: utc('2025-01-01T10:00:00Z') }, utc('2025-01-02T00:00:00Z'), options).fires).toEqual([]);
  });

  it('none: never fires a date missed by more than the threshold, but fires one just due', () => {
    expect(planFires(once('none'), undefined, utc('2025-01-02T00:00:00Z'), options)).toMatchObject({ fires: [], next: undefined });
    expect(planFires(once('none'), undefined, utc('2025-01-01T10:00:30Z'), options).fires).toEqual([utc('2025-01-01T10:00:00Z')]);
  });
});
