// overlay-converter's built-in logos: see builtin_logos.hpp.
#include "builtin_logos.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <stdexcept>
#include <vector>

namespace flu::modules {

namespace {

struct Badge {
  const char *label;
  double red, green, blue; // the badge's fill; the label is white
};

// Our own plain badges: a colour and a word, nothing of anyone's mark.
constexpr Badge kXiph{"xiph", 0.10, 0.45, 0.55};
constexpr Badge kCc{"cc", 0.15, 0.55, 0.20};
constexpr Badge kFluendo{"flu", 0.90, 0.45, 0.05};

void rounded_square(cairo_t *cr, double x, double size, double radius) {
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + size - radius, radius, radius, -G_PI / 2, 0);
  cairo_arc(cr, x + size - radius, size - radius, radius, 0, G_PI / 2);
  cairo_arc(cr, x + radius, size - radius, radius, G_PI / 2, G_PI);
  cairo_arc(cr, x + radius, radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path(cr);
}

void draw(cairo_t *cr, const Badge &badge, double x) {
  rounded_square(cr, x + 1, kLogoSize - 2, 7);
  cairo_set_source_rgba(cr, badge.red, badge.green, badge.blue, 0.9);
  cairo_fill_preserve(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_set_line_width(cr, 2);
  cairo_stroke(cr);

  PangoLayout *layout = pango_cairo_create_layout(cr);
  PangoFontDescription *font = pango_font_description_from_string("Sans Bold");
  pango_font_description_set_absolute_size(font, 13 * PANGO_SCALE);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  pango_layout_set_text(layout, badge.label, -1);
  int width = 0, height = 0;
  pango_layout_get_pixel_size(layout, &width, &height);
  cairo_move_to(cr, x + (kLogoSize - width) / 2.0, (kLogoSize - height) / 2.0);
  cairo_set_source_rgb(cr, 1, 1, 1);
  pango_cairo_show_layout(cr, layout);
  g_object_unref(layout);
}

// cairo's ARGB32 is premultiplied, in native-endian words; a pixbuf is
// straight RGBA bytes.
GdkPixbuf *to_pixbuf(cairo_surface_t *surface) {
  cairo_surface_flush(surface);
  const int width = cairo_image_surface_get_width(surface);
  const int height = cairo_image_surface_get_height(surface);
  const int stride = cairo_image_surface_get_stride(surface);
  const unsigned char *data = cairo_image_surface_get_data(surface);
  GdkPixbuf *pixbuf = gdk_pixbuf_new(GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  if (!pixbuf)
    throw std::runtime_error("cannot allocate the built-in logos' picture");
  const int out_stride = gdk_pixbuf_get_rowstride(pixbuf);
  guchar *out = gdk_pixbuf_get_pixels(pixbuf);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const auto argb = *reinterpret_cast<const uint32_t *>(data + y * stride + 4 * x);
      const unsigned alpha = argb >> 24;
      guchar *p = out + y * out_stride + 4 * x;
      for (int c = 0; c < 3; ++c) {
        const unsigned premultiplied = (argb >> (16 - 8 * c)) & 0xFF;
        p[c] = alpha ? guchar((premultiplied * 255 + alpha / 2) / alpha) : 0;
      }
      p[3] = guchar(alpha);
    }
  return pixbuf;
}

} // namespace

GdkPixbuf *draw_builtin_logos(BuiltinLogos which) {
  std::vector<const Badge *> row;
  if (which.xiph)
    row.push_back(&kXiph);
  if (which.cc)
    row.push_back(&kCc);
  if (which.fluendo)
    row.push_back(&kFluendo);
  if (row.empty())
    return nullptr;
  const int width = int(row.size()) * (kLogoSize + kLogoBorder) - kLogoBorder;
  std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t *)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, width, kLogoSize),
      cairo_surface_destroy);
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw std::runtime_error("cannot draw the built-in logos: cairo has no surface");
  cairo_t *cr = cairo_create(surface.get());
  for (size_t i = 0; i < row.size(); ++i)
    draw(cr, *row[i], double(i) * (kLogoSize + kLogoBorder));
  cairo_destroy(cr);
  return to_pixbuf(surface.get());
}

} // namespace flu::modules
