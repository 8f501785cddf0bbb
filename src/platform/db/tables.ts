/** Every table of the product, for drizzle's relational queries and drizzle-kit. */
export * from "./schema.ts";
