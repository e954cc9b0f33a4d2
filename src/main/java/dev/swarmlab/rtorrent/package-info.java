/**
 * Talking to rtorrent: SCGI transport, XML-RPC codec and a typed client. Depends on nothing of
 * ours.
 */
package dev.swarmlab.rtorrent;
