#include "display.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdlrenderer.h>

#include <cstring>
#include <filesystem>

#include "log.hpp"

namespace kiosk::ui {
namespace {

constexpr float channel(unsigned rgba, int shift) {
    return static_cast<float>((rgba >> shift) & 0xff) / 255.0f;
}

class SoftwareRenderer final : public Renderer {
  public:
    // Takes a renderer whose ImGui back end has been started (start_software_renderer).
    explicit SoftwareRenderer(SDL_Renderer* renderer) : renderer_(renderer) {}
    ~SoftwareRenderer() override {
        ImGui_ImplSDLRenderer_Shutdown();
        SDL_DestroyRenderer(renderer_);
    }
    const char* name() const override { return "software"; }
    void new_frame() override { ImGui_ImplSDLRenderer_NewFrame(); }
    void draw(ImDrawData* data, unsigned c, const Box* damage) override {
        SDL_SetRenderDrawColor(renderer_, c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff, 255);
        if (!damage) {
            SDL_RenderClear(renderer_);
            ImGui_ImplSDLRenderer_RenderDrawData(data);
            return;
        }
        // The window surface keeps the last frame: repaint only the damaged box, clipping every
        // command to it, so a greeting change costs a strip instead of the whole screen.
        SDL_Rect box{static_cast<int>(damage->min.x), static_cast<int>(damage->min.y),
                     static_cast<int>(damage->width() + 1), static_cast<int>(damage->height() + 1)};
        SDL_RenderSetClipRect(renderer_, &box);
        SDL_SetRenderDrawBlendMode(renderer_, SDL_BLENDMODE_NONE);
        SDL_RenderFillRect(renderer_, &box);
        for (int n = 0; n < data->CmdListsCount; ++n) {
            const ImDrawList* list = data->CmdLists[n];
            for (const ImDrawCmd& cmd : list->CmdBuffer) {
                SDL_Rect clip{static_cast<int>(cmd.ClipRect.x), static_cast<int>(cmd.ClipRect.y),
                              static_cast<int>(cmd.ClipRect.z - cmd.ClipRect.x),
                              static_cast<int>(cmd.ClipRect.w - cmd.ClipRect.y)};
                SDL_Rect both;
                if (!SDL_IntersectRect(&clip, &box, &both)) continue;
                SDL_RenderSetClipRect(renderer_, &both);
                const ImDrawVert* v = list->VtxBuffer.Data + cmd.VtxOffset;
                SDL_RenderGeometryRaw(
                    renderer_, static_cast<SDL_Texture*>(cmd.GetTexID()), &v->pos.x, sizeof(ImDrawVert),
                    reinterpret_cast<const SDL_Color*>(&v->col), sizeof(ImDrawVert), &v->uv.x,
                    sizeof(ImDrawVert), list->VtxBuffer.Size - static_cast<int>(cmd.VtxOffset),
                    list->IdxBuffer.Data + cmd.IdxOffset, static_cast<int>(cmd.ElemCount), sizeof(ImDrawIdx));
            }
        }
        SDL_RenderSetClipRect(renderer_, nullptr);
    }
    void present() override { SDL_RenderPresent(renderer_); }
    bool read_pixels(std::vector<unsigned char>& rgba, int& w, int& h) override {
        if (SDL_GetRendererOutputSize(renderer_, &w, &h) != 0) return false;
        rgba.resize(static_cast<std::size_t>(w) * h * 4);
        return SDL_RenderReadPixels(renderer_, nullptr, SDL_PIXELFORMAT_ABGR8888, rgba.data(), w * 4) == 0;
    }
    bool reload_font_texture() override {
        ImGui_ImplSDLRenderer_DestroyFontsTexture();
        if (ImGui_ImplSDLRenderer_CreateFontsTexture()) return true;
        log_error(std::string("Unable to make the font texture: ") + SDL_GetError());
        return false;
    }

  private:
    SDL_Renderer* renderer_;
};

// The few GL entry points we call ourselves, fetched through SDL so the program does not link libGL
// (the software path then never loads a GL driver).
struct GlFunctions {
    using GetString = const unsigned char* (*)(unsigned);
    using Viewport = void (*)(int, int, int, int);
    using ClearColor = void (*)(float, float, float, float);
    using Clear = void (*)(unsigned);
    using ReadPixels = void (*)(int, int, int, int, unsigned, unsigned, void*);
    using PixelStorei = void (*)(unsigned, int);
    using GetIntegerv = void (*)(unsigned, int*);
    GetString get_string = nullptr;
    Viewport viewport = nullptr;
    ClearColor clear_color = nullptr;
    Clear clear = nullptr;
    ReadPixels read_pixels = nullptr;
    PixelStorei pixel_store = nullptr;
    GetIntegerv get_integer = nullptr;

    bool load() {
        get_string = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
        viewport = reinterpret_cast<Viewport>(SDL_GL_GetProcAddress("glViewport"));
        clear_color = reinterpret_cast<ClearColor>(SDL_GL_GetProcAddress("glClearColor"));
        clear = reinterpret_cast<Clear>(SDL_GL_GetProcAddress("glClear"));
        read_pixels = reinterpret_cast<ReadPixels>(SDL_GL_GetProcAddress("glReadPixels"));
        pixel_store = reinterpret_cast<PixelStorei>(SDL_GL_GetProcAddress("glPixelStorei"));
        get_integer = reinterpret_cast<GetIntegerv>(SDL_GL_GetProcAddress("glGetIntegerv"));
        return get_string && viewport && clear_color && clear && read_pixels && pixel_store && get_integer;
    }
};
constexpr unsigned gl_renderer_name = 0x1F01, gl_color_buffer_bit = 0x4000, gl_rgba = 0x1908,
                   gl_unsigned_byte = 0x1401, gl_pack_alignment = 0x0D05, gl_max_texture_size = 0x0D33;

class OpenGlRenderer final : public Renderer {
  public:
    // Takes a current context whose ImGui back end has been started (start_opengl_renderer).
    OpenGlRenderer(SDL_Window* window, SDL_GLContext context, GlFunctions gl)
        : window_(window), context_(context), gl_(gl) {}
    ~OpenGlRenderer() override {
        ImGui_ImplOpenGL3_Shutdown();
        SDL_GL_DeleteContext(context_);
    }
    const char* name() const override { return "opengl"; }
    void new_frame() override { ImGui_ImplOpenGL3_NewFrame(); }
    void draw(ImDrawData* data, unsigned c, const Box*) override {  // swapped buffers: always whole
        int w, h;
        SDL_GL_GetDrawableSize(window_, &w, &h);
        gl_.viewport(0, 0, w, h);
        gl_.clear_color(channel(c, 0), channel(c, 8), channel(c, 16), 1.0f);
        gl_.clear(gl_color_buffer_bit);
        ImGui_ImplOpenGL3_RenderDrawData(data);
    }
    void present() override { SDL_GL_SwapWindow(window_); }
    bool read_pixels(std::vector<unsigned char>& rgba, int& w, int& h) override {
        SDL_GL_GetDrawableSize(window_, &w, &h);
        std::vector<unsigned char> flipped(static_cast<std::size_t>(w) * h * 4);
        gl_.pixel_store(gl_pack_alignment, 1);
        gl_.read_pixels(0, 0, w, h, gl_rgba, gl_unsigned_byte, flipped.data());
        rgba.resize(flipped.size());
        std::size_t row = static_cast<std::size_t>(w) * 4;
        for (int y = 0; y < h; ++y)  // GL's first row is the bottom one
            std::memcpy(rgba.data() + row * y, flipped.data() + row * (h - 1 - y), row);
        return true;
    }
    bool reload_font_texture() override {
        // The backend does not check the upload: an atlas over the driver's limit would leave every
        // glyph blank (larger text at a high dpi makes a tall atlas), so it is refused here instead.
        const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
        int limit = 0;
        gl_.get_integer(gl_max_texture_size, &limit);
        if (atlas.TexWidth > limit || atlas.TexHeight > limit) {
            log_error("Unable to make the font texture: the atlas is " + std::to_string(atlas.TexWidth) +
                      "x" + std::to_string(atlas.TexHeight) + " px, the GL driver takes at most " +
                      std::to_string(limit));
            return false;
        }
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        return ImGui_ImplOpenGL3_CreateFontsTexture();
    }

  private:
    SDL_Window* window_;
    SDL_GLContext context_;
    GlFunctions gl_;
};

// Each set-up step is checked; on failure what was made so far is undone here and the reason returned.
std::unique_ptr<Renderer> start_software_renderer(SDL_Window* window, std::string& error) {
    SDL_Renderer* renderer = SDL_CreateRenderer(window, -1, SDL_RENDERER_SOFTWARE);
    if (!renderer) {
        error = std::string("Unable to create the software renderer: ") + SDL_GetError();
        return nullptr;
    }
    if (!ImGui_ImplSDLRenderer_Init(renderer)) {
        SDL_DestroyRenderer(renderer);
        error = "Unable to start ImGui's SDL_Renderer back end";
        return nullptr;
    }
    return std::make_unique<SoftwareRenderer>(renderer);
}

std::unique_ptr<Renderer> start_opengl_renderer(SDL_Window* window, SDL_GLContext context, GlFunctions gl,
                                                std::string& error) {
    if (SDL_GL_MakeCurrent(window, context) != 0) {
        error = std::string("Unable to make the OpenGL context current: ") + SDL_GetError();
        return nullptr;
    }
    if (SDL_GL_SetSwapInterval(1) != 0)
        log_warning(std::string("Unable to wait for the display's refresh (vsync): ") + SDL_GetError());
    if (!ImGui_ImplOpenGL3_Init("#version 130")) {
        error = "Unable to start ImGui's OpenGL 3 back end (GLSL 1.30)";
        return nullptr;
    }
    return std::make_unique<OpenGlRenderer>(window, context, gl);
}

bool looks_like_software_gl(const std::string& renderer) {
    for (const char* name : {"llvmpipe", "softpipe", "Software Rasterizer", "swrast"})
        if (renderer.find(name) != std::string::npos) return true;
    return false;
}

bool has_render_node() {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/dev/dri", ec))
        if (entry.path().filename().string().rfind("renderD", 0) == 0) return true;
    return false;
}

}  // namespace

Display::~Display() {
    renderer.reset();
    if (window) SDL_DestroyWindow(window);
}

std::unique_ptr<Display> open_display(const DisplayConfig& config, bool windowed, std::string& error) {
    auto display = std::make_unique<Display>();
    SDL_DisplayMode mode{};
    if (SDL_GetDesktopDisplayMode(0, &mode) != 0) {
        error = std::string("Unable to read the display mode: ") + SDL_GetError();
        return nullptr;
    }
    display->width = config.width ? config.width : windowed ? std::min(mode.w, 1280) : mode.w;
    display->height = config.height ? config.height : windowed ? std::min(mode.h, 800) : mode.h;
    float ddpi = 0;
    display->dpi = config.dpi > 0
                       ? config.dpi
                       : (SDL_GetDisplayDPI(0, &ddpi, nullptr, nullptr) == 0 && ddpi > 50 ? ddpi : 96.0);

    // A borderless window of the display's size is full screen without waiting for a window manager.
    Uint32 flags = SDL_WINDOW_SHOWN | (windowed ? 0u : static_cast<Uint32>(SDL_WINDOW_BORDERLESS));
    int x = windowed ? static_cast<int>(SDL_WINDOWPOS_CENTERED) : 0;
    int y = windowed ? static_cast<int>(SDL_WINDOWPOS_CENTERED) : 0;

    bool want_gl = config.renderer == RendererChoice::opengl ||
                   (config.renderer == RendererChoice::automatic && has_render_node());
    if (want_gl) {
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
        SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
        display->window = SDL_CreateWindow("Charter kiosk", x, y, display->width, display->height,
                                           flags | SDL_WINDOW_OPENGL);
        SDL_GLContext context = display->window ? SDL_GL_CreateContext(display->window) : nullptr;
        GlFunctions gl;
        if (context && gl.load() && SDL_GL_MakeCurrent(display->window, context) == 0) {
            std::string name = reinterpret_cast<const char*>(gl.get_string(gl_renderer_name));
            if (config.renderer == RendererChoice::opengl || !looks_like_software_gl(name)) {
                display->renderer = start_opengl_renderer(display->window, context, gl, error);
                if (!display->renderer) {
                    SDL_GL_DeleteContext(context);
                    return nullptr;
                }
                log_info("renderer: OpenGL on " + name);
                return display;
            }
            log_info("renderer: the GL driver is " + name + " (no GPU); using the software renderer");
        } else if (config.renderer == RendererChoice::opengl) {
            error = std::string("Unable to create an OpenGL 3 context: ") + SDL_GetError();
            return nullptr;
        }
        if (context) SDL_GL_DeleteContext(context);
        if (display->window) SDL_DestroyWindow(display->window);
        display->window = nullptr;
    }

    // Without this SDL would put the frame into a GL texture and load the GL driver anyway.
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    display->window = SDL_CreateWindow("Charter kiosk", x, y, display->width, display->height, flags);
    if (!display->window) {
        error = std::string("Unable to create the window: ") + SDL_GetError();
        return nullptr;
    }
    display->renderer = start_software_renderer(display->window, error);
    if (!display->renderer) return nullptr;
    log_info("renderer: software");
    return display;
}

}  // namespace kiosk::ui
