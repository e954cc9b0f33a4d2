/**
 * What a run came to, read from its record alone ({@link dev.swarmlab.report.RunAnalysis}): who
 * sent which blocks to whom and when, each leecher's progress and completion, how pieces spread,
 * and what was done to the lab on purpose while it ran ({@link dev.swarmlab.report.RunMarks}); as a
 * {@link dev.swarmlab.report.Summary} ({@code summary.json}, {@code report --format json}), CSV
 * tables ({@link dev.swarmlab.report.CsvReport}) and one self-contained HTML page ({@link
 * dev.swarmlab.report.HtmlReport}). Depends on {@code runs} (the records), {@code rtorrent} (its
 * block log and peer file), {@code plan} (the lab's shared names) and {@code error}.
 */
package dev.swarmlab.report;
