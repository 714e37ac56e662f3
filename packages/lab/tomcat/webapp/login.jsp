<%@ page contentType="text/html; charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ include file="/WEB-INF/jsp/node.jspf" %>
<!doctype html>
<html>
  <head>
    <title>Log in</title>
  </head>
  <body>
    <form method="post" action="j_security_check">
      <input name="j_username" />
      <input name="j_password" type="password" />
      <button>Log in</button>
    </form>
  </body>
</html>
