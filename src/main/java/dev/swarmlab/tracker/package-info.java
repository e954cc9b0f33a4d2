/**
 * Talking to the tracker: a bencode decoder and opentracker's full scrape. Depends on nothing of
 * ours.
 */
package dev.swarmlab.tracker;
