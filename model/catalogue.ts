/**
 * The permission catalogue: every permission the five source documents name, as data.
 * Each becomes a relation of the workspace model (model/workspace.fga is generated from this
 * list), a box in the role editor, and a closed type for code (`PermissionKey`).
 *
 * `manage` marks permissions that create, change or delete data: a role holding any of them
 * makes its holders Collaborators, otherwise they are View-only (R11, seed 004).
 * `scope` says where a role holding it may be assigned: `organisation` permissions apply to the
 * workspace (or an outlet) only; `event` permissions also at artist and event level (R12, 001).
 */
export type PermissionScope = 'organisation' | 'event';

export type Permission = {
  readonly key: string;
  readonly label: string;
  readonly area: string;
  readonly manage: boolean;
  readonly scope: PermissionScope;
  /** Seed document(s) it comes from. */
  readonly source: string;
  /** Works only in the mobile check-in app (001, "App Only"). */
  readonly appOnly?: boolean;
  readonly description?: string;
};

// generic in the key, so `PermissionKey` is the union of the keys (each a relation of the model)
const org = <K extends string>(
  key: K,
  label: string,
  area: string,
  manage: boolean,
  source: string,
  description?: string,
): Permission & { readonly key: K } => ({
  key,
  label,
  area,
  manage,
  scope: 'organisation',
  source,
  ...(description ? { description } : {}),
});
const ev = <K extends string>(
  key: K,
  label: string,
  area: string,
  manage: boolean,
  source: string,
  extra: Partial<Omit<Permission, 'key'>> = {},
): Permission & { readonly key: K } => ({
  key,
  label,
  area,
  manage,
  scope: 'event',
  source,
  ...extra,
});

export const PERMISSIONS = [
  // --- 000: platform role -----------------------------------------------------------------
  org(
    'edit_system_settings',
    'Edit System Settings',
    'Platform',
    true,
    '000',
    'manage Settings: invite and edit users, branding sets (R6)',
  ),
  ev('view_personal_data', 'View Personal Data', 'Platform', false, '000', {
    description: 'see names, emails and phones of customers, attendees and guests (R16)',
  }),

  // --- 004: the touring workspace: what a role may see and change ---------------------------
  ev('view_performances', 'View performances & festivals', 'Events', false, '004'),
  ev('view_special_events', 'View special events', 'Events', false, '004'),
  ev('view_travel_events', 'View travel events', 'Events', false, '004'),
  ev('view_holds', 'View holds', 'Events', false, '004'),
  ev('view_rehearsals', 'View rehearsals', 'Events', false, '004'),
  ev('view_tentative_events', 'View tentative events', 'Events', false, '004', {
    description: 'without it only confirmed events are visible (R17)',
  }),
  ev('manage_events', 'Manage events', 'Events', true, '004'),
  ev('view_logistics', 'View logistics & day sheets', 'Logistics', false, '004', {
    description: 'schedule, venue, contacts, guest list and notes of a day sheet',
  }),
  ev('manage_logistics', 'Manage logistics & day sheets', 'Logistics', true, '004'),
  ev('view_travel', 'View travel & accommodation', 'Travel', false, '004', {
    description: 'flights, ground transport, hotels and rooming lists (R17)',
  }),
  ev('manage_travel', 'Manage travel & accommodation', 'Travel', true, '004'),
  ev('view_financial', 'View financial data', 'Financial', false, '004', {
    description: 'deal terms, settlements, ledgers, financial reports (R17)',
  }),
  ev('manage_financial', 'Manage financial data', 'Financial', true, '004'),
  org('view_team', 'View team members', 'Team', false, '004'),
  org('manage_team', 'Manage team members & roles', 'Team', true, '004'),
  ev('request_guest_list', 'Make guest-list (ticket) requests', 'Guest list', false, '004', {
    description: 'view-only people may still request (R11)',
  }),
  ev('manage_guest_list', 'Manage the guest list', 'Guest list', true, '004'),
  org('manage_files', 'Manage files & folders', 'Files', true, '002'),
  org('manage_contacts', 'Manage contacts', 'Contacts & venues', true, '002'),
  org('manage_venues', 'Manage venues', 'Contacts & venues', true, '002'),

  // --- 001: organisation permissions --------------------------------------------------------
  org('org_details', 'Organization Details', 'Manage Organization', true, '001'),
  org('org_payout_settings', 'Organization Payout Settings', 'Manage Organization', true, '001'),
  org('org_users', 'Organization Users', 'Manage Organization', true, '001'),
  org('org_promoters', 'Organization Promoters', 'Manage Organization', true, '001'),
  org(
    'org_businesses',
    'Organization Businesses',
    'Manage Organization',
    true,
    '001',
    'businesses, charities and venues',
  ),
  org('org_dashboards', 'Upcoming & Historical Dashboard', 'Organization Reporting', false, '001'),
  org('attendee_lookup', 'Attendee Look Up', 'Organization Reporting', false, '001'),
  org('compare_events', 'Compare Events', 'Organization Reporting', false, '001'),
  org('cross_event_reporting', 'Cross Event Reporting', 'Organization Reporting', false, '001'),

  // --- 001: event permissions -----------------------------------------------------------------
  ev('check_in_attendees', 'Check in Attendees', 'At the Gate / Box Office', true, '001', {
    description: 'also the Scan and Attendees tabs of the app (R24)',
  }),
  ev('create_box_office_orders', 'Create Box Office Orders', 'At the Gate / Box Office', true, '001'),
  ev('exceed_order_limits', 'Exceed Order Limits', 'At the Gate / Box Office', true, '001', { appOnly: true }),
  ev('cash_drawer', 'Cash Drawer Management', 'At the Gate / Box Office', true, '001', { appOnly: true }),
  ev('view_basic_check_in_data', 'View Basic Check-In Data', 'At the Gate / Box Office', false, '001', {
    appOnly: true,
  }),
  ev('view_advanced_check_in_data', 'View Advanced Check-In Data', 'At the Gate / Box Office', false, '001', {
    appOnly: true,
  }),
  ev('financial_dashboards', 'Financial Dashboards & Data', 'Financial Dashboards, Orders & Reporting', false, '001'),
  ev('manage_orders', 'Manage Orders', 'Financial Dashboards, Orders & Reporting', true, '001'),
  ev('manage_seats', 'Manage & Change Seats on Orders', 'Financial Dashboards, Orders & Reporting', true, '001'),
  ev(
    'download_attendee_reports',
    'Download Attendee Info & Reports',
    'Financial Dashboards, Orders & Reporting',
    false,
    '001',
  ),
  ev('ticket_fees', 'Ticket Fees', 'Tickets & Ticket Settings', true, '001'),
  ev('ticket_types', 'Ticket Types & Merchandise', 'Tickets & Ticket Settings', true, '001'),
  ev('ticket_settings', 'Tickets Settings', 'Tickets & Ticket Settings', true, '001'),
  ev('website_integration', 'Website Integration', 'Developer / Web Integration', false, '001'),
  ev('event_settings', 'Event Settings', 'Edit Event', true, '001'),
  ev('general_details', 'General Details', 'Edit Event', true, '001'),
  ev('charities_donations', 'Manage Charities & Donations', 'Edit Event', true, '001'),
  ev('event_schedule', 'Manage Event Schedule & Access Points', 'Edit Event', true, '001'),
  ev('photos_videos', 'Photos & Videos', 'Edit Event', true, '001'),
  ev('questionnaires', 'Questionnaires', 'Edit Event', true, '001'),
  ev('social_links', 'Social Links', 'Edit Event', true, '001'),
  ev('sponsors', 'Sponsors', 'Edit Event', true, '001'),
  ev('style_theme', 'Style / Theme', 'Edit Event', true, '001'),
  ev('manage_promoters', 'Manage Promoters', 'Manage Promoters', true, '001'),
  ev('email_attendees', 'Email Attendees & Manage Mailchimp', 'Marketing, Promotion & Communication', true, '001'),
  ev('affiliate_links', 'Manage Event Affiliate Links', 'Marketing, Promotion & Communication', true, '001'),
  ev('promo_codes', 'Promo & Discount Codes', 'Marketing, Promotion & Communication', true, '001'),
  ev('complimentary_tickets', 'Send Complimentary Tickets', 'Marketing, Promotion & Communication', true, '001'),
  ev('send_sms', 'Send SMS Messages', 'Marketing, Promotion & Communication', true, '001'),
  ev('event_users', 'Create Users & Edit Permissions', 'User Access', true, '001'),
] as const satisfies readonly Permission[];

export type PermissionKey = (typeof PERMISSIONS)[number]['key'];

export const PERMISSION_KEYS: readonly PermissionKey[] = PERMISSIONS.map((p) => p.key);

const byKey = new Map<string, Permission>(PERMISSIONS.map((p) => [p.key, p]));

export function permission(key: PermissionKey): Permission {
  return byKey.get(key)!;
}

export function isPermissionKey(key: string): key is PermissionKey {
  return byKey.has(key);
}

/** R11: any manage permission makes a Collaborator; none makes View-only. */
export function collaboration(keys: Iterable<string>): 'collaborator' | 'view_only' {
  for (const key of keys) if (byKey.get(key)?.manage) return 'collaborator';
  return 'view_only';
}

/**
 * Person-level settings that are not role permissions (002, 003): each is a relation on the
 * workspace holding the people it applies to.
 */
export const PERSON_SETTINGS = [
  { key: 'administrator', label: 'Access level: administrator', rule: 'R13' },
  { key: 'read_only', label: 'Access level: read-only', rule: 'R13' },
  { key: 'activity_log_access', label: 'Activity log access', rule: 'R23' },
  { key: 'export_access', label: 'Export privileges', rule: 'R23' },
  { key: 'itinerary_access', label: 'Itinerary access', rule: 'R23' },
  { key: 'included_only_events', label: 'Only events they are included on', rule: 'R19' },
  { key: 'included_only_messages', label: 'Only messages they are included on', rule: 'R19' },
  { key: 'barred_from_contacts', label: 'No access to the contacts database', rule: 'R21' },
  { key: 'barred_from_venues', label: 'No access to the venues database', rule: 'R21' },
  { key: 'tasks_unassigned', label: 'Tasks: also unassigned ones', rule: 'R18' },
  { key: 'tasks_all', label: 'Tasks: also those of people in their groups', rule: 'R18' },
  { key: 'api_access', label: 'REST API access', rule: 'R25' },
] as const;

export type PersonSettingKey = (typeof PERSON_SETTINGS)[number]['key'];
