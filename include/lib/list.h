/** @file
 * An intrusive, circular, doubly linked list (pure C). */
#ifndef LIB_LIST_H
#define LIB_LIST_H

#include <stdbool.h>
#include <stddef.h>

/** A list head, or a link inside a listed object. An empty head points at itself. */
struct list_node {
	struct list_node *next, *prev;
};

#define LIST_HEAD_INIT(name) { &(name), &(name) }

static inline void list_init(struct list_node *head) { head->next = head->prev = head; }
static inline bool list_empty(const struct list_node *head) { return head->next == head; }

/** Appends @p n at the tail of @p head. O(1). */
static inline void list_push_back(struct list_node *head, struct list_node *n)
{
	n->prev = head->prev;
	n->next = head;
	head->prev->next = n;
	head->prev = n;
}

/** Unlinks @p n from whatever list holds it. O(1). */
static inline void list_remove(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

/** Removes and returns the first node, or NULL if the list is empty. O(1). */
static inline struct list_node *list_pop_front(struct list_node *head)
{
	if (list_empty(head))
		return NULL;
	struct list_node *n = head->next;
	list_remove(n);
	return n;
}

/** The object of type @p type that contains @p node as member @p member. */
#define list_entry(node, type, member) ((type *)((char *)(node) - offsetof(type, member)))

#endif
