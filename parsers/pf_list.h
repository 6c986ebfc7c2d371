/*
 * pf_list - Postfix lists: the words of a parameter value as Postfix
 * splits them (commas and white space)
 */
#ifndef MH_PF_LIST_H
#define MH_PF_LIST_H

#include <stdbool.h>

/* pf_list_has - a Postfix list holds a word (compared in any case) */
bool	 pf_list_has(const char *list, const char *word);

#endif
