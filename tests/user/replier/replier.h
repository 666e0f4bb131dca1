/* replier.h - what usertests and its child replier say to each other, for the tests of call,
 * reply and reply_recv (tests/user/usertests/t_call.c).
 *
 * The parent's first message to replier is "ENTRY MODE ARGS" (ENTRY: syscall or int80, the
 * entry every call of the child uses):
 *   serve              a server: answers every call (recv, then a reply_recv loop)
 *   call DST CAP REQ   a client: one call(DST, REQ, strlen(REQ), reply, CAP), then sends the
 *                      parent a struct replier_relay and ends with 0
 *   calls DST N TAG    a client: N calls (0: for ever) of 8-byte requests (calls_request());
 *                      ends with 0 when every reply was right
 *   send DST TEXT      sends TEXT to DST once; ends with 0 if send() returned 0
 *   alarm MS           sleeps MS ms, then sends the parent REPLIER_ALARM (a guard against a
 *                      recv that would wait for ever); ends with 0
 */
#ifndef REPLIER_H
#define REPLIER_H

#include <stddef.h>
#include <stdint.h>

/* Big enough for any message: --with-ipc-msg-max is at most 4096. */
#define REPLIER_BUF 8192

/* Requests to serve that start with '!' are commands; any other request is answered with
 * itself, every byte plus one (answer_byte()). */
#define CMD_QUIT "!quit"           /* answered "bye"; then serve ends with 0 */
#define CMD_EXIT "!exit"           /* not answered: serve ends with 0 at once */
#define CMD_STATS "!stats"         /* answered with a struct replier_stats */
#define CMD_LEN "!len "            /* "!len N": answered with N bytes of len_pattern() */
#define CMD_SENDFIRST "!sendfirst" /* sends the caller "queued", then answers "answer" */
#define CMD_HOLD "!hold"           /* answered "released" only once serve has received a
				    * message from someone else (a plain send) */

/* What serve has done so far (the stats request included). */
struct replier_stats {
	long received;      /* requests received (a hold's release is not one) */
	long reply_esrch;   /* answers refused with -ESRCH: the caller had gone */
	long reply_other;   /* answers refused with another error: always a bug */
};

/* What a "call" client tells its parent: call()'s result and the first bytes of its reply
 * buffer (zeroed before the call, so bytes past the reply must still be zero). */
struct replier_relay {
	long result;
	unsigned char reply[56];
};

#define REPLIER_ALARM "alarm!"

static inline unsigned char answer_byte(unsigned char b)
{
	return (unsigned char)(b + 1);
}

/* Byte i of the answer to "!len N". */
static inline unsigned char len_pattern(size_t n, size_t i)
{
	return (unsigned char)(n * 5 + i * 11 + 3);
}

/* Request number i of a "calls" client with tag TAG: "TAGreq" and i, little-endian. */
static inline void calls_request(unsigned char msg[8], char tag, uint32_t i)
{
	msg[0] = (unsigned char)tag;
	msg[1] = 'r';
	msg[2] = 'e';
	msg[3] = 'q';
	for (int k = 0; k < 4; k++)
		msg[4 + k] = (unsigned char)(i >> (8 * k));
}

#endif
