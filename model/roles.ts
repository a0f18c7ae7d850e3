/**
 * The predefined roles seeded in every new workspace: the seven of seed 004 and the org roles
 * of seed 001. A role is a named set of permissions (R10); custom roles are the same data.
 */
import { PERMISSIONS, type PermissionKey } from './catalogue.ts';

export type PredefinedRole = {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly permissions: readonly PermissionKey[];
};

const ALL: readonly PermissionKey[] = PERMISSIONS.map((p) => p.key);
const EVENT_KINDS = [
  'view_performances',
  'view_special_events',
  'view_travel_events',
  'view_holds',
  'view_rehearsals',
] as const satisfies readonly PermissionKey[];
const KINDS_BUT_TRAVEL = EVENT_KINDS.filter((k) => k !== 'view_travel_events');
/** "any financial data, including deal info and reporting" (004). */
const FINANCIAL = new Set<PermissionKey>([
  ...PERMISSIONS.filter((p) => p.area === 'Financial' || p.area === 'Financial Dashboards, Orders & Reporting').map(
    (p) => p.key,
  ),
  'org_payout_settings',
  'org_dashboards',
  'compare_events',
]);

export const PREDEFINED_ROLES: readonly PredefinedRole[] = [
  { id: 'admin', name: 'Admin', description: 'Can view and edit all data in the workspace.', permissions: ALL },
  {
    id: 'admin_non_financial',
    name: 'Admin: Non-Financial',
    description: 'Can view and edit all data, except any financial data, including deal info and reporting.',
    permissions: ALL.filter((k) => !FINANCIAL.has(k)),
  },
  {
    id: 'team_member',
    name: 'Team Member',
    description:
      'Can view all confirmed events, all event logistics and day sheets, the financial ledger, and team members; can make ticket requests.',
    permissions: [
      ...EVENT_KINDS,
      'view_logistics',
      'view_travel',
      'view_financial',
      'view_team',
      'request_guest_list',
      'view_personal_data',
    ],
  },
  {
    id: 'team_member_limited',
    name: 'Team Member: Limited',
    description:
      'Can only view confirmed performances & festivals, special events, travel events and holds, their schedule, travel and accommodations, and day sheets; can make ticket requests.',
    permissions: [
      'view_performances',
      'view_special_events',
      'view_travel_events',
      'view_holds',
      'view_logistics',
      'view_travel',
      'request_guest_list',
      'view_personal_data',
    ],
  },
  {
    id: 'team_member_limited_plus',
    name: 'Team Member: Limited Plus',
    description:
      'Cannot view travel events, travel or accommodation data, or financial data; can view all other confirmed events and team members, and make guest-list requests.',
    permissions: [...KINDS_BUT_TRAVEL, 'view_logistics', 'view_team', 'request_guest_list', 'view_personal_data'],
  },
  {
    id: 'team_member_no_finances',
    name: 'Team Member: No Finances',
    description:
      'Can view all confirmed events and all event logistics except financial data; can make ticket requests.',
    permissions: [...EVENT_KINDS, 'view_logistics', 'view_travel', 'request_guest_list', 'view_personal_data'],
  },
  {
    id: 'team_member_no_travel',
    name: 'Team Member: No Travel',
    description:
      'Can view all confirmed events except travel events, their logistics and day sheets except travel and accommodation data, and team members; can make guest-list requests.',
    permissions: [...KINDS_BUT_TRAVEL, 'view_logistics', 'view_team', 'request_guest_list', 'view_personal_data'],
  },
  {
    id: 'org_admin',
    name: 'Org Admin',
    description: 'Manages the organisation and all of its events (001).',
    permissions: ALL,
  },
  {
    id: 'org_all_events_manager',
    name: 'Org All Events Manager',
    description:
      'Full permissions to create and edit events; cannot change organisation settings such as details and payout settings (001).',
    permissions: ALL.filter(
      (k) => !['org_details', 'org_payout_settings', 'org_users', 'edit_system_settings'].includes(k),
    ),
  },
  {
    id: 'org_check_in_user',
    name: 'Org Check-In User',
    description: 'Checks in attendees online or in the app; cannot view or edit event or organisation details (001).',
    permissions: ['check_in_attendees', 'view_basic_check_in_data'],
  },
];
