#include "xml/file_error.hpp"

#include "xml/xml_file.hpp"

namespace flu::xml {

FileError::FileError(std::string file, int line, std::string message)
    : std::runtime_error(located(file, line, message)), file_(std::move(file)),
      line_(line), message_(std::move(message)) {}

} // namespace flu::xml
