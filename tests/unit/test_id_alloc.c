/* test_id_alloc.c - host unit tests of the id allocator: growing ids, full tables, wrap-around. */
#include <lib/id_alloc.h>
#include <kern/errno.h>
#include "unit.h"

#define SLOTS 4

static int slot[SLOTS];  /* the id in each slot, 0 where free */

static bool taken(int id)
{
	return slot[id % SLOTS] != 0;
}

static int take(struct id_alloc *a)
{
	int id = id_alloc_take(a, taken);
	if (id > 0)
		slot[id % SLOTS] = id;
	return id;
}

static void release(struct id_alloc *a, int id)
{
	slot[id % SLOTS] = 0;
	id_alloc_release(a);
}

int main(void)
{
	struct id_alloc a = ID_ALLOC_INIT(SLOTS);

	for (int id = 1; id <= SLOTS; id++)
		CHECK_EQ(take(&a), id);          /* ids start at 1 and grow */
	CHECK_EQ(a.count, SLOTS);
	CHECK_EQ(take(&a), -EAGAIN);         /* full */
	CHECK_EQ(a.count, SLOTS);

	release(&a, 2);
	CHECK_EQ(take(&a), 6);               /* 5 shares the slot of 1; a freed id is not reused */
	release(&a, 3);
	release(&a, 6);
	CHECK_EQ(a.count, 2);
	CHECK_EQ(take(&a), 7);
	CHECK_EQ(take(&a), 10);              /* 8 and 9 share the slots of 4 and 1 */
	CHECK_EQ(take(&a), -EAGAIN);

	/* After ID_ALLOC_MAX, ids start again at 1, skipping the taken slots. */
	for (int i = 0; i < SLOTS; i++)
		slot[i] = 0;
	a = (struct id_alloc)ID_ALLOC_INIT(SLOTS);
	a.next = ID_ALLOC_MAX;
	CHECK_EQ(take(&a), ID_ALLOC_MAX);    /* slot 3 */
	CHECK_EQ(take(&a), 1);
	release(&a, 1);
	CHECK_EQ(take(&a), 2);
	CHECK_EQ(take(&a), 4);               /* skips 3: its slot holds ID_ALLOC_MAX */
	CHECK_EQ(take(&a), 5);
	CHECK_EQ(take(&a), -EAGAIN);
	CHECK(a.next > 0);
	return unit_report("test_id_alloc");
}
