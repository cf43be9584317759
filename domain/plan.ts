/**
 * A specialist's plan for a cycle (PRODUCT.md §7): when an included element may leave it again.
 * Pure: the caller reads the item's state and asks.
 */

/** Training-application states in which the programme is under way (or already taken). */
const APPLICATION_UNDER_WAY: ReadonlySet<string> = new Set([
  'formed',
  'signed',
  'submitted',
  'enrolled',
  'completed',
  'credited',
]);

export interface PlanItemState {
  done: boolean;
  creditsEarned: number;
  eventCodeStatus: string | null;
  applicationStatus: string | null;
}

export interface RemovalRefusal {
  code: 'credits_earned' | 'in_progress';
  message: string;
}

/** Why the item may not leave the plan, or null when nothing has happened to it yet. */
export function planItemRemovalRefusal(item: PlanItemState): RemovalRefusal | null {
  if (item.creditsEarned > 0 || item.done) {
    return { code: 'credits_earned', message: 'the element is done and earned credits for this cycle' };
  }
  if (item.eventCodeStatus === 'pending_verification') {
    return { code: 'in_progress', message: 'a confirmation code for this event is awaiting verification' };
  }
  if (item.applicationStatus && APPLICATION_UNDER_WAY.has(item.applicationStatus)) {
    return {
      code: 'in_progress',
      message: 'a training application for this programme is under way; cancel it first',
    };
  }
  return null;
}
