package dev.meshledger.testnet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The report as one self-contained HTML page (inline SVG, no script): the verdict, the
 * perturbations with their recovery, the height of every node over time with the perturbations
 * marked, and the propagation histogram.
 */
final class HtmlReport {
  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
      "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  private static final int W = 900;
  private static final int H = 320;
  private static final int PAD = 45;

  private HtmlReport() {}

  static String render(JsonObject r) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Meshledger testnet report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}.ok{color:#080}.bad{color:#c00}")
        .append("</style></head><body><h1>Meshledger testnet report</h1>");
    boolean ok = r.getLong("lostAcknowledged", 1L) == 0 && r.getBoolean("converged", false);
    h.append("<p class=\"").append(ok ? "ok" : "bad").append("\"><b>")
        .append(ok ? "PASS" : "FAIL").append("</b>: ").append(r.getLong("lostAcknowledged"))
        .append(" acknowledged writes lost; converged: ").append(r.getBoolean("converged")).append("</p>");
    h.append("<p>").append(r.getInteger("nodes")).append(" nodes, engine ").append(esc(r.getString("engine")))
        .append(", ").append(fmt(r.getDouble("durationSeconds"))).append(" s. Partition method: ")
        .append(esc(r.getString("partitionMethod"))).append(" (").append(esc(r.getString("partitionMethodNote")))
        .append(")").append(r.containsKey("latencyMethod") ? ". Latency method: " + esc(r.getString("latencyMethod"))
        + " (" + esc(r.getString("latencyMethodNote")) + ")" : "").append("</p>");
    JsonObject prop = r.getJsonObject("propagation");
    JsonObject fin = r.getJsonObject("finality");
    JsonObject ack = r.getJsonObject("acknowledged");
    h.append("<table><tr><th>propagation p50 / p90 / p99</th><td>").append(fmt(prop.getDouble("p50"))).append(" / ")
        .append(fmt(prop.getDouble("p90"))).append(" / ").append(fmt(prop.getDouble("p99"))).append(" ms (")
        .append(prop.getLong("count")).append(" arrivals)</td></tr>")
        .append("<tr><th>finality p50 / p99</th><td>").append(fmt(fin.getDouble("p50"))).append(" / ")
        .append(fmt(fin.getDouble("p99"))).append(" ms</td></tr>")
        .append("<tr><th>reorgs (max depth)</th><td>").append(r.getJsonObject("reorgs").getLong("count"))
        .append(" (").append(r.getJsonObject("reorgs").getLong("maxDepth")).append(")</td></tr>")
        .append("<tr><th>acknowledged</th><td>").append(ack.getLong("dataBlocks")).append(" data blocks, ")
        .append(ack.getLong("transfersIncluded")).append(" transfers included; ").append(ack.getLong("pendingData"))
        .append(" data posts left pending (202), ").append(ack.getLong("pendingDataIncludedLater"))
        .append(" of them included later</td></tr>")
        .append("<tr><th>lost</th><td>").append(r.getLong("lostDataBlocks")).append(" data blocks, ")
        .append(r.getLong("lostTransfers")).append(" transfers</td></tr></table>");
    h.append("<h2>Perturbations</h2><table><tr><th>kind</th><th>node(s)</th><th>at (s)</th><th>ended (s)</th>")
        .append("<th>recovery (s)</th><th>propagation during it, p50 / p99 (ms)</th><th>finality of posts during it, p50 / p99 (ms)</th></tr>");
    JsonArray ps = r.getJsonArray("perturbations");
    for (int i = 0; i < ps.size(); i++) {
      JsonObject p = ps.getJsonObject(i);
      h.append("<tr><td>").append(esc(p.getString("kind"))).append("</td><td>")
          .append(esc(p.containsKey("groups") ? p.getJsonArray("groups").encode() : p.containsKey("latencyMs")
              ? "all: " + p.getLong("latencyMs") + " ms, " + p.getDouble("loss") + "% loss" : p.getString("node")))
          .append("</td><td>").append(fmt(p.getDouble("atSeconds"))).append("</td><td>")
          .append(fmt(p.getDouble("endSeconds"))).append("</td><td>")
          .append(p.getDouble("recoverySeconds") == null ? "<span class=\"bad\">not recovered</span>"
              : fmt(p.getDouble("recoverySeconds"))).append("</td><td>").append(windowProp(p, "propagation", "arrivals"))
          .append("</td><td>").append(windowProp(p, "finality", "posts")).append("</td></tr>");
    }
    h.append("</table><h2>Height per node over time</h2>").append(heights(r));
    h.append("<h2>Block propagation delay</h2>").append(histogram(prop.getJsonArray("buckets")));
    h.append("<h2>Tips</h2><pre>").append(esc(r.getJsonObject("tips").encodePrettily())).append("</pre>");
    return h.append("</body></html>\n").toString();
  }

  private static String windowProp(JsonObject p, String key, String what) {
    JsonObject w = p.getJsonObject(key);
    return w == null ? "no " + what : fmt(w.getDouble("p50")) + " / " + fmt(w.getDouble("p99")) + " ("
        + w.getLong("count") + " " + what + ")";
  }

  private static String heights(JsonObject r) {
    JsonObject tl = r.getJsonObject("timeline");
    JsonArray t = tl.getJsonArray("seconds");
    JsonObject byNode = tl.getJsonObject("heights");
    double tMax = Math.max(1, r.getDouble("durationSeconds"));
    long hMax = 1;
    for (String n : byNode.fieldNames()) {
      for (Object v : byNode.getJsonArray(n)) {
        hMax = v == null ? hMax : Math.max(hMax, ((Number) v).longValue());
      }
    }
    StringBuilder s = svgStart();
    axes(s, "seconds", tMax, "height", hMax);
    JsonArray ps = r.getJsonArray("perturbations");
    for (int i = 0; i < ps.size(); i++) {
      JsonObject p = ps.getJsonObject(i);
      double x0 = x(p.getDouble("atSeconds"), tMax);
      double x1 = Math.max(x0 + 2, x(p.getDouble("endSeconds"), tMax));
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#f4c7c3\" "
          + "opacity=\"0.6\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s</text>", x0, PAD, x1 - x0, H - 2 * PAD,
          x0 + 2, PAD - 4 - (i % 2) * 12, esc(p.getString("kind"))));
    }
    int c = 0;
    for (String n : byNode.fieldNames()) {
      JsonArray hs = byNode.getJsonArray(n);
      StringBuilder path = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < hs.size() && i < t.size(); i++) {
        Object v = hs.getValue(i);
        if (v == null) {
          pen = false;
          continue;
        }
        path.append(pen ? " L" : " M").append(String.format(Locale.ROOT, "%.1f %.1f",
            x(t.getDouble(i), tMax), y(((Number) v).doubleValue(), hMax)));
        pen = true;
      }
      String color = COLORS[c % COLORS.length];
      s.append("<path fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(color).append("\" d=\"").append(path)
          .append("\"/>").append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"%s\">%s</text>",
              W - PAD + 5, PAD + 14 * c, color, esc(n)));
      c++;
    }
    return s.append("</svg>").toString();
  }

  private static String histogram(JsonArray buckets) {
    StringBuilder s = svgStart();
    long max = 1;
    for (int i = 0; i < buckets.size(); i++) {
      max = Math.max(max, buckets.getJsonObject(i).getLong("count"));
    }
    axes(s, "", 0, "blocks", max);
    int n = Math.max(1, buckets.size());
    double bw = (W - 2.0 * PAD) / n;
    for (int i = 0; i < buckets.size(); i++) {
      JsonObject b = buckets.getJsonObject(i);
      double top = y(b.getLong("count"), max);
      String label = b.getValue("leMs") == null ? "+Inf" : "\u2264" + fmt(b.getDouble("leMs"));
      s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#1f77b4\"/>"
          + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>"
          + "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%d</text>",
          PAD + i * bw + 2, top, bw - 4, H - PAD - top, PAD + (i + 0.5) * bw, H - PAD + 14, label,
          PAD + (i + 0.5) * bw, top - 3, b.getLong("count")));
    }
    return s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">delay (ms, bucket upper bound)"
        + "</text></svg>", W / 2 - 60, H - 8)).toString();
  }

  private static StringBuilder svgStart() {
    return new StringBuilder(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", W, H, W, H));
  }

  private static void axes(StringBuilder s, String xLabel, double xMax, String yLabel, long yMax) {
    s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>"
        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>"
        + "<text x=\"5\" y=\"%d\" font-size=\"11\">%d</text><text x=\"5\" y=\"%d\" font-size=\"11\">0</text>"
        + "<text x=\"5\" y=\"%d\" font-size=\"11\">%s</text>",
        PAD, H - PAD, W - PAD, H - PAD, PAD, PAD, PAD, H - PAD, PAD + 4, yMax, H - PAD, PAD - 20, esc(yLabel)));
    if (xMax > 0) {
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">0</text>"
          + "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s %s</text>", PAD, H - PAD + 14, W - PAD - 40, H - PAD + 14,
          fmt(xMax), esc(xLabel)));
    }
  }

  private static double x(double seconds, double tMax) {
    return PAD + (W - 2.0 * PAD) * seconds / tMax;
  }

  private static double y(double v, double max) {
    return H - PAD - (H - 2.0 * PAD) * v / max;
  }

  static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
