/**
 * A database's schema as text, from PostgreSQL's catalogs, so that two states can be compared line by line:
 * schemas, enum types, tables and their columns, constraints, indexes, functions, triggers, sequences and
 * partitions. Prisma's own diff sees only what schema.prisma models (no functions, triggers, checks or
 * pg-boss's schema), so a down script is held to this instead. `_prisma_migrations` (bookkeeping) and
 * extensions (a down step leaves a shared extension installed) are left out.
 */
type Query = <T>(text: string) => Promise<T[]>;

const userSchemas = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;
// Objects an extension owns come and go with the extension, not with a migration.
const notFromExtension = (oid: string, catalog: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

export async function schemaSnapshot(query: Query): Promise<string[]> {
  const sections: [string, string][] = [
    ["schema", `SELECT n.nspname AS line FROM pg_namespace n WHERE ${userSchemas} AND n.nspname <> 'public'`],
    [
      "enum",
      `SELECT n.nspname || '.' || t.typname || ' (' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) || ')' AS line
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
        WHERE ${userSchemas} GROUP BY n.nspname, t.typname`,
    ],
    [
      "column",
      `SELECT n.nspname || '.' || c.relname || ' ' || lpad(rank() OVER (PARTITION BY c.oid ORDER BY a.attnum)::text, 3, '0') || ' ' ||
              a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END ||
              COALESCE(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '') AS line
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
         LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
        WHERE ${userSchemas} AND c.relkind IN ('r', 'p', 'v') AND c.relname <> '_prisma_migrations'`,
    ],
    [
      "constraint",
      `SELECT n.nspname || '.' || c.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid) AS line
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${userSchemas} AND c.relname <> '_prisma_migrations'`,
    ],
    [
      "index",
      `SELECT pg_get_indexdef(i.indexrelid) AS line
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${userSchemas} AND c.relname <> '_prisma_migrations'`,
    ],
    [
      "function",
      `SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') ' || md5(p.prosrc) AS line
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${userSchemas} AND ${notFromExtension("p.oid", "pg_proc")}`,
    ],
    [
      "trigger",
      `SELECT pg_get_triggerdef(t.oid) AS line FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${userSchemas} AND NOT t.tgisinternal`,
    ],
    [
      "sequence",
      `SELECT n.nspname || '.' || c.relname AS line FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE ${userSchemas} AND c.relkind = 'S'`,
    ],
    [
      "partition",
      `SELECT pn.nspname || '.' || p.relname || ' > ' || cn.nspname || '.' || c.relname AS line
         FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
         JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace`,
    ],
  ];
  const lines: string[] = [];
  for (const [kind, sql] of sections) {
    const rows = await query<{ line: string }>(sql);
    lines.push(...rows.map((r) => `${kind} ${r.line}`).sort());
  }
  return lines;
}
