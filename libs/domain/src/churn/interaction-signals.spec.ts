import { MS_PER_DAY } from '../time/time-unit';
import { type Interaction, interactionSignals } from './interaction-signals';

const day0 = Date.UTC(2024, 0, 1); // a Monday
const at = (day: number): number => day0 + day * MS_PER_DAY + 9 * 3_600_000;
const event = (day: number, kind: Interaction['kind'], extra: Partial<Interaction> = {}): Interaction => ({ occurredAt: at(day), kind, ...extra });

describe('interactionSignals', () => {
  it('is neutral without interactions', () => {
    expect(interactionSignals([], at(100), at(50))).toEqual({
      complaints: 0,
      unresolvedComplaints: 0,
      npsDecline: 0,
      complaintWithoutRepurchase: 0,
      lowSatisfaction: 0,
      engagementChange: 0,
      engagementDrop: 0,
    });
  });

  it('pairs complaints with their resolutions by reference, and anonymous ones oldest first', () => {
    const list = [
      event(1, 'complaint', { reference: 'k1' }),
      event(2, 'complaint', { reference: 'k2' }),
      event(3, 'complaint_resolved', { reference: 'k1' }),
      event(4, 'complaint'),
      event(5, 'complaint'),
      event(6, 'complaint_resolved'),
      event(90, 'complaint_resolved', { reference: 'k2' }),
    ];
    expect(interactionSignals(list, at(10), at(9))).toMatchObject({ complaints: 4, unresolvedComplaints: 2 });
    expect(interactionSignals(list, at(100), at(9))).toMatchObject({ complaints: 4, unresolvedComplaints: 1 });
  });

  it('flags a complaint with no repurchase once its 30 days have passed', () => {
    const list = [event(10, 'complaint')];
    expect(interactionSignals(list, at(39), at(5)).complaintWithoutRepurchase).toBe(0);
    expect(interactionSignals(list, at(40), at(5)).complaintWithoutRepurchase).toBe(1);
    expect(interactionSignals(list, at(40), at(20)).complaintWithoutRepurchase).toBe(0);
    expect(interactionSignals(list, at(40), undefined).complaintWithoutRepurchase).toBe(1);
  });

  it('keeps the latest NPS and how far it fell', () => {
    const list = [event(1, 'nps', { score: 9 }), event(20, 'nps', { score: 4 }), event(30, 'nps', { score: 6 })];
    expect(interactionSignals(list, at(25), undefined)).toMatchObject({ latestNps: 4, npsDecline: 5 });
    expect(interactionSignals(list, at(31), undefined)).toMatchObject({ latestNps: 6, npsDecline: 0 });
  });

  it('flags satisfaction below the threshold in two consecutive weeks only', () => {
    const low = [event(0, 'satisfaction', { score: 2 }), event(8, 'satisfaction', { score: 1 })];
    expect(interactionSignals(low, at(10), undefined).lowSatisfaction).toBe(1);
    expect(interactionSignals([low[0]!, event(15, 'satisfaction', { score: 2 })], at(20), undefined).lowSatisfaction).toBe(0);
    expect(interactionSignals([...low, event(9, 'satisfaction', { score: 5 })], at(10), undefined).lowSatisfaction).toBe(0);
  });

  it('measures logins and visits week over week and flags a 50% fall', () => {
    const before = [1, 2, 3, 4].map((d) => event(d, 'login'));
    expect(interactionSignals([...before, event(9, 'visit'), event(10, 'visit')], at(13), undefined)).toMatchObject({ engagementChange: -0.5, engagementDrop: 1 });
    expect(interactionSignals([...before, event(9, 'visit'), event(10, 'visit'), event(11, 'login')], at(13), undefined)).toMatchObject({ engagementDrop: 0 });
    // One login before is too little to call a fall.
    expect(interactionSignals([event(2, 'login')], at(13), undefined)).toMatchObject({ engagementChange: -1, engagementDrop: 0 });
  });
});
