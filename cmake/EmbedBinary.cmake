# cmake -DINPUT=file.bin -DOUTPUT=file.cpp -DSYMBOL=name -P EmbedBinary.cmake
# Writes a C++ source defining `const unsigned char name[]` and `const unsigned name_size`
# with the bytes of INPUT, so a binary built at compile time ends up inside the program.
file(READ ${INPUT} hex HEX)
string(LENGTH "${hex}" hex_len)
math(EXPR size "${hex_len} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "((0x..,){32})" "\\1\n" bytes "${bytes}")
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; do not edit.\n"
  "namespace m86 {\nextern const unsigned char ${SYMBOL}[] = {\n${bytes}\n};\n"
  "extern const unsigned ${SYMBOL}_size = ${size};\n}  // namespace m86\n")
