<%@ page contentType="application/json; charset=UTF-8" session="false" trimDirectiveWhitespaces="true" %>
<%@ include file="/WEB-INF/jsp/node.jspf" %>
<%-- The lab app's /stats for Tomcat: the heap in use, after a collection when ?gc=1, so that memory figures
     compare across samples (the container's memory mostly follows the JVM's garbage and committed heap). --%>
<%
  Runtime rt = Runtime.getRuntime();
  if ("1".equals(request.getParameter("gc"))) System.gc();
  out.print("{\"heapUsedBytes\":" + (rt.totalMemory() - rt.freeMemory()) + "}");
%>
