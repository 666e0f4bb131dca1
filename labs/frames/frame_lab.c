/* frame_lab.c - the frames lab (week 2): your physical frame allocator behind kern/frame.h.
 * Selected by --with-lab=frames, in place of src/mm/frame_bitmap.c or frame_freelist.c;
 * the handout is doc/lab-frames.md, and `make grade` tells you how far you are.
 *
 * Pick one design and say which in frame_allocator_name:
 *   - a bitmap: one bit per frame (1 = free), searched a 64-bit word at a time;
 *   - a free list: a stack of free frames, each free frame holding the address of the next.
 *
 * Given (src/mm/frame_pool.c, read src/mm/frame_pool.h): the pool's ranges, one bit per frame
 * that says whether it is free (frame_pool.bitmap, 1 = free), the counts behind frame_total()
 * and frame_free_count(), frame_pool_contains() and frame_pool_mark_free() (checks a frame
 * being freed, marks it free and counts it). You write frame_init(), frame_alloc() and
 * frame_free(). */
#include "frame_pool.h"

/* TODO: "bitmap" or "freelist", after your design (the kernel prints it at boot). */
const char frame_allocator_name[] = "lab";

/* TODO: your allocator's state (a search hint, the head of a free list ...), as statics. */

/* Builds the pool from the free ranges of m: every frame of m is free afterwards. Called once
 * at boot; the host tests call it again to start over, so reset all of your state here.
 * meta holds frame_meta_size(m) bytes for the pool's bitmap; frame p is reachable (readable,
 * writable) at direct_base + p. */
void frame_init(const struct memmap *m, void *meta, uintptr_t direct_base)
{
	frame_pool_init(m, meta, direct_base);  /* given: the pool, every frame marked free */
	/* TODO: reset your state. */
}

/* Takes one free frame and returns its physical address: page-aligned, in the pool, never 0,
 * never a frame that is already handed out; 0 when no frame is free (and again on every call
 * while none is). Keep frame_free_count() right: one less. The frame's contents are whatever
 * was there. Called with interrupts on or off; must not block: take frame_lock() around your
 * updates and give it back with frame_unlock().
 * Hint: with a bitmap, clear the frame's bit; with a free list, remember to clear the frame's
 * bit in the pool's bitmap too, or frame_free() cannot catch a double free. */
uint64_t frame_alloc(void)
{
	/* TODO */
	return 0;
}

/* Gives frame phys back. Returns 0; -EINVAL if phys is not a frame of the pool (not
 * page-aligned, in a hole, beyond the pool, frame 0); -EALREADY if it is free already (a double
 * free, or a frame never handed out). Nothing changes on error. Same locking as frame_alloc().
 * Hint: frame_pool_mark_free() does the checks and the counting. */
int frame_free(uint64_t phys)
{
	(void)phys;
	/* TODO */
	return -ENOSYS;
}
