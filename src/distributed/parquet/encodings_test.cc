// Unit tests for the Parquet decoders (Thrift compact protocol, RLE hybrid, DELTA encodings).
#include <gtest/gtest.h>
