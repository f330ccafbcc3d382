// Vite turns CSS imports into <link> tags; for the type checker they are modules without exports.
declare module '*.css';
