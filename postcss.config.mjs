/** Tailwind CSS v4 through PostCSS, as Next.js builds CSS (docs/web-app.md, "Design system"). */
export default { plugins: { "@tailwindcss/postcss": {} } };
