// Catch2 v2 main() for the fuzz tests, compiled once into its own object
// library so test sources do not each rebuild it.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
