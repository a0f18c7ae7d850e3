// The same artists as a new show day: only those the engine lets this person add days for (R13, R15).
export { load } from '../new/+page.ts';
