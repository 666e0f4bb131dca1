/** @file
 * Ids for the objects of a fixed-size table (tasks, processes), slot id % size (pure C). */
#ifndef LIB_ID_ALLOC_H
#define LIB_ID_ALLOC_H

#include <kern/errno.h>
#include <stdbool.h>

/** The largest id; after it, ids start again at 1. */
#define ID_ALLOC_MAX 0x7FFFFFFF

/**
 * An id allocator. Ids grow, and skip those whose slot is taken, so a stale id does not name
 * a new object soon. It does not lock: the caller keeps its table and the allocator together
 * (in the kernel, with interrupts off).
 */
struct id_alloc {
	int next;        /**< the next id to try, 1..ID_ALLOC_MAX */
	unsigned count;  /**< ids in use */
	unsigned max;    /**< ids that may be in use at once: the table's size */
};

/** An allocator for a table of @p max slots. */
#define ID_ALLOC_INIT(max) { 1, 0, (max) }

static inline int id_alloc_following(int id)
{
	return id == ID_ALLOC_MAX ? 1 : id + 1;
}

/**
 * Hands out the next id whose slot is free (@p taken tells, from the caller's table); the
 * caller fills that slot. Inline, so that @p taken is a direct call, or none.
 * @return the id (> 0), or -EAGAIN when all @c max are in use.
 */
static inline int id_alloc_take(struct id_alloc *a, bool (*taken)(int id))
{
	if (a->count == a->max)
		return -EAGAIN;
	while (taken(a->next))
		a->next = id_alloc_following(a->next);
	int id = a->next;
	a->next = id_alloc_following(id);
	a->count++;
	return id;
}

/** Gives back one id; the caller has emptied its slot. */
static inline void id_alloc_release(struct id_alloc *a)
{
	a->count--;
}

#endif
