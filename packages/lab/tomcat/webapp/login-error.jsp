<%@ page contentType="text/html; charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ include file="/WEB-INF/jsp/node.jspf" %>
<!doctype html>
<html>
  <head>
    <title>Log in failed</title>
  </head>
  <body>
    <p>Wrong user name or password.</p>
  </body>
</html>
