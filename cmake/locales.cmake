# Compiles every locales/<lang>.po into build/locale/<lang>/LC_MESSAGES/kiosk.mo. The glob is re-read at
# each build, so dropping a new .po file into locales/ is all it takes to add a language.
set(KIOSK_LOCALES_DIR ${CMAKE_SOURCE_DIR}/locales CACHE PATH "Where the .po catalogues are read from")
file(GLOB KIOSK_PO_FILES CONFIGURE_DEPENDS ${KIOSK_LOCALES_DIR}/*.po)
set(KIOSK_MO_FILES)
foreach(po ${KIOSK_PO_FILES})
  get_filename_component(lang ${po} NAME_WE)
  set(mo ${CMAKE_BINARY_DIR}/locale/${lang}/LC_MESSAGES/kiosk.mo)
  add_custom_command(OUTPUT ${mo}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/locale/${lang}/LC_MESSAGES
    COMMAND ${MSGFMT} --check-format --check-domain --output-file=${mo} ${po}
    DEPENDS ${po}
    COMMENT "Compiling the ${lang} catalogue")
  list(APPEND KIOSK_MO_FILES ${mo})
endforeach()
add_custom_target(locales ALL DEPENDS ${KIOSK_MO_FILES})

# `cmake --build build --target pot` refreshes locales/kiosk.pot from the sources.
add_custom_target(pot
  COMMAND sh ${CMAKE_SOURCE_DIR}/cmake/extract_pot.sh ${CMAKE_SOURCE_DIR}/locales/kiosk.pot
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
  COMMENT "Extracting locales/kiosk.pot")
