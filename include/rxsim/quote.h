/* SPDX-License-Identifier: MIT */
/*
 * quote.h - the one way every message shows text a user wrote (a value, a
 * name, a --set argument, a CSV field): a message must stay one line
 * whatever the text holds, and read the same wherever it comes from.
 */
#ifndef RXSIM_QUOTE_H
#define RXSIM_QUOTE_H

#include <stddef.h>

/* @s in double quotes into @buf: '"' and '\\' escaped with '\\', newline,
 * tab and CR as \n \t \r, other control characters as \xNN; cut after @max
 * characters (never inside a UTF-8 sequence) with "..." appended.  Returns
 * @buf (empty if @len < 8). */
char *msg_quote(const char *s, size_t max, char *buf, size_t len);

/* The same escapes without the quotes, appended at @buf[*off] (for JSON
 * pointers, whose keys are a user's text too); stops short of @len. */
void msg_escape_append(char *buf, size_t len, size_t *off, const char *s);

/* Control characters of a finished message @msg (of @len bytes) escaped as
 * msg_quote() escapes them, in place: for messages that carry text quoted
 * elsewhere (a trace path in a trace reader's message). */
void msg_oneline(char *msg, size_t len);

#endif
