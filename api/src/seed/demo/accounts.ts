/**
 * The demo accounts' shared password and the addresses worth remembering. Every demo person
 * signs in with DEMO_PASSWORD (documented in the README). Addresses use reserved .example domains.
 */
export const DEMO_PASSWORD = 'constellation-demo';

/** Backbone admin of the Riverside Cradle to Career Partnership. */
export const DEMO_ADMIN_EMAIL = 'admin@riverside.example';
/** Backbone staff (data and evaluation). */
export const DEMO_STAFF_EMAIL = 'tom.whitfield@riversidelearning.example';
/** Partner admin of Northgate Primary School. */
export const DEMO_PARTNER_ADMIN_EMAIL = 'helen.carter@northgateprimary.example';
/** Partner contributor at Northgate Primary School. */
export const DEMO_CONTRIBUTOR_EMAIL = 'james.osei@northgateprimary.example';
/** Funder user at Riverside Community Foundation. */
export const DEMO_FUNDER_EMAIL = 'peter.walsh@riversidefoundation.example';
/** Asked to join with the join code; no membership yet. */
export const DEMO_REQUESTER_EMAIL = 'daniel.mensah@millbrookchurch.example';
