/*
 * pf_list - Postfix lists: the words of a parameter value as Postfix
 * splits them (mystrtokq with CHARS_COMMA_SP and CHARS_BRACE): commas and
 * white space separate words, but not inside { }, so that
 * "inline:{ { reject = OK } }" is one word. Every reader of a Postfix
 * list (restrictions, maps, mechanisms, flags) splits it here.
 */
#ifndef MH_PF_LIST_H
#define MH_PF_LIST_H

#include <stdbool.h>
#include <stddef.h>

/*
 * pf_list_next - the word that starts at or after index i: [*start, *end),
 * empty at the end of the list; returns the index after it
 */
size_t	 pf_list_next(const char *list, size_t i, size_t *start, size_t *end);

/*
 * pf_list_next_word - the next word into buf (at most size bytes, cut
 * beyond); *p moves past it; false at the end
 */
bool	 pf_list_next_word(const char **p, char *buf, size_t size);

/*
 * pf_list_item_at - where the index-th word of a list stands in the text
 * of a value as written in main.cf, bytes [start, end): continuation lines
 * and comment lines within them (first non-blank '#') included, split as
 * pf_list_next() splits; false when it has fewer words
 */
bool	 pf_list_item_at(const char *bytes, size_t start, size_t end,
	    size_t index, size_t *item_start, size_t *item_end);

/*
 * pf_list_inline_lookup - the value of key (any case) in an inline table
 * "inline:{ k=v, { k = v v } }" of len bytes, as dict_inline reads it:
 * the elements are list words, a {...} element loses its braces, blanks
 * around key and value go; *value points into spec
 */
bool	 pf_list_inline_lookup(const char *spec, size_t len, const char *key,
	    const char **value, size_t *vlen);

/* pf_list_has - a Postfix list holds a word (compared in any case) */
bool	 pf_list_has(const char *list, const char *word);

#endif
