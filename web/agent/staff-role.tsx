import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';

/** Who is signed in to the desktop, as the API's role model knows them (docs/security.md). */
export interface Staff {
  /** The token's group: `admin` or `agent` (anyone else is turned away at sign-in). */
  role: string;
  /** What a reason on record is signed with. */
  name: string;
}

const StaffContext = createContext<Staff>({ role: 'agent', name: '' });

export function StaffProvider({ staff, children }: { staff: Staff; children: ComponentChildren }) {
  return <StaffContext.Provider value={staff}>{children}</StaffContext.Provider>;
}

export const useStaff = (): Staff => useContext(StaffContext);

/** The API lets only admins do these (docs/security.md): an agent's button says so instead of failing. */
export const isAdmin = (staff: Staff): boolean => staff.role === 'admin';
