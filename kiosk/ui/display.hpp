// The window and the renderer behind one small interface: OpenGL 3 where a hardware GL driver is
// present, SDL's software renderer where none is (GPU-less boards, Xvfb in tests). Chosen at start.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "layout.hpp"

struct SDL_Window;
struct ImDrawData;

namespace kiosk::ui {

class Renderer {
  public:
    virtual ~Renderer() = default;
    virtual const char* name() const = 0;
    virtual void new_frame() = 0;
    // Into the back buffer. `damage`, when given, is the only part of the screen that changed since
    // the last frame; a renderer that keeps its buffer may redraw just that (the software one does).
    virtual void draw(ImDrawData* data, unsigned clear_rgba, const Box* damage) = 0;
    virtual void present() = 0;
    // The back buffer as RGBA rows, top row first; call between draw() and present().
    virtual bool read_pixels(std::vector<unsigned char>& rgba, int& width, int& height) = 0;
    // Makes the font atlas's current pixels the texture text is drawn from, after build_fonts()
    // rebuilt the atlas: the old texture is dropped, the new one made. Call outside a frame (not
    // between ImGui::NewFrame() and drawing), then draw the whole screen, not just a damaged box.
    // False, with the reason logged, when the texture cannot be made: text then draws wrongly until
    // the atlas is built again as it was (the previous text scale) and reloaded.
    virtual bool reload_font_texture() = 0;
};

struct Display {
    SDL_Window* window = nullptr;
    std::unique_ptr<Renderer> renderer;
    int width = 0;
    int height = 0;
    double dpi = 96;
    ~Display();
};

// Opens the window (borderless over the whole display, or a plain window when `windowed`) and the
// renderer the config asks for. Returns nullptr and fills `error` when that is impossible.
std::unique_ptr<Display> open_display(const DisplayConfig& config, bool windowed, std::string& error);

}  // namespace kiosk::ui
