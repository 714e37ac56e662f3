<%@ page contentType="text/html; charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ include file="/WEB-INF/jsp/node.jspf" %>
<!doctype html>
<html>
  <head>
    <title>Home</title>
  </head>
  <body>
    <p><a href="api/me">Who am I</a></p>
  </body>
</html>
