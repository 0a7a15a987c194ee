/*
 * The shape a translation must have: the same keys as the English namespace, every value a string.
 * English plural forms (key_one / key_other) need only key_other in a language without plurals.
 */
type OneForm<K> = K extends `${string}_one` ? K : never;
export type Translation<T> = {
  [K in keyof T as K extends OneForm<K> ? never : K]: T[K] extends string ? string : Translation<T[K]>;
} & { [K in keyof T as OneForm<K>]?: string };
