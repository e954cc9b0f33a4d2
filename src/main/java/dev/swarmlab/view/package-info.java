/**
 * Views over what {@code monitor} reports: table, one line, JSON, and the live view that redraws a
 * terminal in place. Depends on {@code monitor}, {@code rtorrent} (the torrents and connections a
 * snapshot holds) and {@code plan} (to print sizes, and the lab's shared names).
 */
package dev.swarmlab.view;
