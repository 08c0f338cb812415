import type { Hub, Services } from '@hindsight/service';

type PartialServices = { [G in keyof Services]?: Partial<Services[G]> };

/** A hub whose every caller gets these verbs: for tests of what the API does with failures. */
export function fakeHub(services: PartialServices): Hub {
  return {
    operations: [],
    as: () => services,
    call: () => Promise.reject(new Error('fake')),
  } as unknown as Hub;
}
