import { admitEvents } from './erased-events';

interface Event {
  id: string;
  customerId: string;
  producedAt: string;
}

const event = (id: string, customerId: string, producedAt: string): Event => ({ id, customerId, producedAt });
const ids = (events: readonly Event[]): string[] => events.map((e) => e.id);

describe('admitEvents', () => {
  const erasedAt = Date.parse('2026-03-02T10:00:00.000Z');
  const tombstones = new Map([['erased', erasedAt]]);
  const admit = (events: Event[]) => admitEvents(events, (e) => e.producedAt, tombstones);

  it('drops events of an erased customer produced at or before the erasure, whatever their order', () => {
    const { live, erased } = admit([
      event('late', 'erased', '2026-03-02T09:59:59.999Z'),
      event('same-instant', 'erased', '2026-03-02T10:00:00.000Z'),
      event('other', 'someone', '2026-03-01T00:00:00.000Z'),
    ]);
    expect(ids(erased)).toEqual(['late', 'same-instant']);
    expect(ids(live)).toEqual(['other']);
  });

  it('applies what a returning customer does after the erasure', () => {
    const { live, erased } = admit([event('after', 'erased', '2026-03-02T10:00:00.001Z')]);
    expect(ids(live)).toEqual(['after']);
    expect(erased).toEqual([]);
  });

  it('compares instants, not strings, so an offset or precision does not change the verdict', () => {
    expect(ids(admit([event('offset', 'erased', '2026-03-02T10:30:00+01:00')]).erased)).toEqual(['offset']);
    expect(ids(admit([event('seconds', 'erased', '2026-03-02T10:00:01Z')]).live)).toEqual(['seconds']);
  });

  it('admits everything when nobody was erased', () => {
    expect(
      admitEvents([event('a', 'erased', '2000-01-01T00:00:00Z')], (e) => e.producedAt, new Map()).live,
    ).toHaveLength(1);
  });
});
