// Vite's client types: `import './styles.css'` and `import.meta.env` in the app.
/// <reference types="vite/client" />
