// The one place figures meet a file: an SVG whose text stays text, or a PNG (plot_draw.hpp).
#include <cairo-svg.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include "channelmap/error.hpp"
#include "channelmap/plot.hpp"
#include "plot_draw.hpp"

namespace channelmap::detail {

namespace {
cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::abs(v) < 0.005 ? 0.0 : v);
  return buf;
}

// The recorded strings as SVG <text> elements, in the figure's font.
std::string text_elements(const std::vector<TextItem>& items) {
  std::string g = "<g font-family=\"" + std::string(kFont) + ", sans-serif\">\n";
  for (const TextItem& t : items) {
    g += "<text x=\"" + num(t.x) + "\" y=\"" + num(t.y) + "\" font-size=\"" + num(t.size) + "\"";
    if (t.anchor > 0.75)
      g += " text-anchor=\"end\"";
    else if (t.anchor > 0.25)
      g += " text-anchor=\"middle\"";
    if (t.bold) g += " font-weight=\"bold\"";
    char fill[40];
    std::snprintf(fill, sizeof fill, "rgb(%d,%d,%d)", static_cast<int>(std::lround(t.r * 255)),
                  static_cast<int>(std::lround(t.g * 255)),
                  static_cast<int>(std::lround(t.b * 255)));
    g += std::string(" fill=\"") + fill + "\"";
    if (t.a < 1) g += " fill-opacity=\"" + num(t.a) + "\"";
    if (t.angle != 0)
      g += " transform=\"rotate(" + num(-t.angle * 180 / M_PI) + " " + num(t.x) + " " + num(t.y) +
           ")\"";
    g += ">" + xml_escape(t.s) + "</text>\n";
  }
  return g + "</g>\n";
}
}  // namespace

void render_figure(const std::string& path, double width, double height, double png_scale,
                   const std::function<void(cairo_t*)>& draw) {
  PlotFormat fmt = plot_format(path);
  std::string svg;
  std::vector<TextItem> texts;
  cairo_surface_t* s =
      fmt == PlotFormat::Svg
          ? cairo_svg_surface_create_for_stream(append, &svg, width, height)
          : cairo_image_surface_create(CAIRO_FORMAT_ARGB32,
                                       static_cast<int>(std::lround(width * png_scale)),
                                       static_cast<int>(std::lround(height * png_scale)));
  cairo_t* cr = cairo_create(s);
  if (fmt == PlotFormat::Png) cairo_scale(cr, png_scale, png_scale);
  svg_text = fmt == PlotFormat::Svg ? &texts : nullptr;
  try {
    draw(cr);
  } catch (...) {
    svg_text = nullptr;
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    throw;
  }
  svg_text = nullptr;
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  if (st == CAIRO_STATUS_SUCCESS)
    st = fmt == PlotFormat::Svg ? (cairo_surface_finish(s), cairo_surface_status(s))
                                : cairo_surface_write_to_png(s, path.c_str());
  cairo_surface_destroy(s);
  if (st != CAIRO_STATUS_SUCCESS) fail("cannot write ", path, ": ", cairo_status_to_string(st));
  if (fmt == PlotFormat::Png) return;
  size_t end = svg.rfind("</svg>");
  if (end == std::string::npos) fail("cannot write ", path, ": cairo wrote no SVG");
  svg.insert(end, text_elements(texts));
  std::ofstream f(path, std::ios::binary);
  if (!f) fail("cannot write ", path, ": cannot open the file");
  f << svg;
  f.close();
  if (!f) fail("cannot write ", path, ": the write failed");
}

}  // namespace channelmap::detail
