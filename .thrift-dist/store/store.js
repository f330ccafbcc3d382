// The Store: everything the core asks of the database, one method per template key of
// docs/templates.md section 2.1. The core never sees SQL, knex or a driver.
//
// Errors: every method rejects with a StoreError (store/errors.ts) when the database fails; the
// core maps it to 5103 on the wire. A method that resolves has done all of its work (no partial
// writes are reported as success).
export {};
//# sourceMappingURL=store.js.map