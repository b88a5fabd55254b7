/** The emulator's own list of records a destroy cannot remove (emulator/leftovers.ts). */
export { objectsLeft, RECORDS_WITHOUT_DELETE } from "../emulator/leftovers";
