import { registerEnumType } from 'type-graphql';

/** Whether a stage (and a deal in it) is still open or closed as won or lost. */
export enum DealStatus {
  OPEN = 'OPEN',
  WON = 'WON',
  LOST = 'LOST',
}
registerEnumType(DealStatus, {
  name: 'DealStatus',
  description: 'Whether a deal is open, won or lost; terminal stages carry WON or LOST.',
  valuesConfig: {
    OPEN: { description: 'Still being worked.' },
    WON: { description: 'Closed as won: counts towards attainment on its close date.' },
    LOST: { description: 'Closed as lost.' },
  },
});
